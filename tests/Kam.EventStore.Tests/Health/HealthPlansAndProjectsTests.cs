using System.Text.Json.Nodes;
using Kam.EventStore.Health;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Plans;
using Kam.EventStore.Tests.Projects;
using Kam.EventStore.Tests.Relationships;
using Kam.EventStore.Tests.Reviews;

namespace Kam.EventStore.Tests.Health;

/// <summary>The plan and project signals, and the plan and project sections of a review: added like every other signal, from the whole-account view.</summary>
public sealed class HealthPlansAndProjectsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task plan_progress_red_or_late_projects_and_open_high_risks_count_once_there_is_a_plan_or_a_project()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        (await Given.Health(cast.AccountId)).Signals.Where(s => s.Signal is HealthSignal.PlanObjectiveProgress or HealthSignal.ProjectsRedOrLate or HealthSignal.OpenHighRisks)
            .ShouldAllBe(s => !s.Applicable, "no plan, no project");

        // The plan of 2026-2027, drafted today: on-time delivery measured at 91.5 (halfway from 88 to 95), the two others not yet.
        var plan = await Given.Plan(cast.AccountId, PlanScenarios.Draft(Guid.NewGuid()) with { AuthorPersonId = CommitmentScenarios.Anna });
        await Given.OnPlan(plan.PlanId, $"objectives/{PlanScenarios.OnTimeDelivery}/progress", new MeasureObjectiveProgress { Value = 91.5m });

        // A project started on 1 October, its trial run due 1 December, reported red, with a high risk open and a low one.
        await Given.Colleagues(ProjectScenarios.Leo);
        await Given.Authority(ProjectScenarios.Leo, ProjectScenarios.LeadGrant() with { ApproverPersonId = CommitmentScenarios.Director });
        var project = (await Given.Project(cast.AccountId, ProjectScenarios.Start(Guid.NewGuid(), cast.Cfo, cast.Cfo, new DateOnly(2026, 10, 1)) with
        {
            OurMembers = [new() { PersonId = ProjectScenarios.Leo, Role = "Lead" }],
            Milestones = [new() { MilestoneId = ProjectScenarios.TrialRun, Name = "Trial run", DueOn = new DateOnly(2026, 12, 1) }],
        })).ProjectId;
        await Given.OnProject(project, "risks", new RaiseProjectRisk { Description = "Line slot lost", Probability = 0.5m, Impact = RiskImpact.High, OwnerPersonId = CommitmentScenarios.Anna });
        await Given.OnProject(project, "risks", new RaiseProjectRisk { Description = "Pallets late", Probability = 0.2m, Impact = RiskImpact.Low, OwnerPersonId = CommitmentScenarios.Anna });

        var now = await Given.Health(cast.AccountId);
        Part(now, HealthSignal.PlanObjectiveProgress).ShouldBe((16.7m, "0 of 3 objectives of plan version 1 reached; 16.7 % on average."));
        Part(now, HealthSignal.ProjectsRedOrLate).ShouldBe((0m, "None of 1 open projects is red or late."));
        Part(now, HealthSignal.OpenHighRisks).ShouldBe((1m, "1 open risks of high or critical impact on 1 open projects."));

        await Given.OnProject(project, "status-reports", new ReportProjectStatus { Rag = Rag.Red, Summary = "Behind on the lab work" });
        Part(await Given.Health(cast.AccountId), HealthSignal.ProjectsRedOrLate).ShouldBe((1m, "1 of 1 open projects red or late: Recycled-fibre coated board pilot."));
        Part(await Given.Health(cast.AccountId, "on=2026-12-05"), HealthSignal.ProjectsRedOrLate).Value.ShouldBe(1m, "red and, by then, late");
        Part(await Given.Health(cast.AccountId, "on=2026-09-15"), HealthSignal.PlanObjectiveProgress).Value.ShouldBeNull("drafted on 2 November");

        // The review carries both.
        var review = await Given.Review(cast.AccountId, new IssueAccountReview { Commentary = "The pilot is behind." });
        var content = JsonNode.Parse((await Given.Download(review.ReviewId)).Bytes)!;
        content["plans"]!.AsArray().Single()!["objectives"]!.AsArray().Select(o => o!["attainmentPercent"]?.GetValue<decimal>()).ShouldBe([null, 50m, null]);
        var shown = content["projects"]!.AsArray().Single()!;
        shown["rag"]!.GetValue<string>().ShouldBe("Red");
        shown["openHighRisks"]!.GetValue<int>().ShouldBe(1);
        shown["openRisks"]!.GetValue<int>().ShouldBe(2);
    }

    private static (decimal? Value, string Detail) Part(HealthScore health, HealthSignal signal) =>
        health.Signals.Single(s => s.Signal == signal) is var s ? (s.Value, s.Detail) : default;
}
