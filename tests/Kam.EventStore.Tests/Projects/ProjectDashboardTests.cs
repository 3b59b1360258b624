using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Projects.ProjectScenarios;

namespace Kam.EventStore.Tests.Projects;

/// <summary>The cross-account dashboards: late milestones, red projects, open high risks, pending change requests; keyset-paged.</summary>
public sealed class ProjectDashboardTests(AppFixture app) : ApiTest(app)
{
    private async Task<(Guid A, Guid B, Guid C)> Given_three_projects_on_two_accounts()
    {
        foreach (var (person, grant) in new[] { (Dana, DirectorGrant()), (Leo, LeadGrant()), (Anna, KamGrant()) })
        {
            await Given.Person(person, person.Split('@')[0]);
            await Given.Authority(person, grant);
        }

        var first = await Given.KeyAccount("Nordic Paper Oy");
        var second = await Given.KeyAccount("Baltic Board AS");
        var maria = await Given.Stakeholder(first, "Maria Korhonen", D(1, 20));
        var ilse = await Given.Stakeholder(second, "Ilse Tamm", D(1, 20));
        var a = (await Given.Project(first, Start(Guid.NewGuid(), maria, maria, D(2, 2)) with
        {
            Milestones = [new() { Name = "A: trial run", DueOn = D(10, 1) }, new() { Name = "A: go/no-go", DueOn = D(12, 15) }],
        })).ProjectId;
        var b = (await Given.Project(second, Start(Guid.NewGuid(), ilse, ilse, D(2, 2)) with
        {
            Milestones = [new() { Name = "B: lab trials", DueOn = D(9, 1) }, new() { Name = "B: reached", DueOn = D(5, 1) }],
        })).ProjectId;
        var c = (await Given.Project(second, Start(Guid.NewGuid(), ilse, ilse, D(2, 2)) with
        {
            Milestones = [new() { Name = "C: never reached", DueOn = D(6, 1) }],
        })).ProjectId;

        var bMilestones = (await Given.ProjectView(b)).Milestones;
        await Given.OnProject(b, $"milestones/{bMilestones[1].MilestoneId}/achievement", new ReachMilestone { ReachedOn = D(5, 1) });
        await Given.OnProject(a, "status-reports", new ReportProjectStatus { Rag = Rag.Red, Summary = "Trial run late" });
        await Given.OnProject(b, "status-reports", new ReportProjectStatus { Rag = Rag.Amber, Summary = "Lab trials late" });
        await Given.OnProject(c, "status-reports", new ReportProjectStatus { Rag = Rag.Red, Summary = "Stopping" });
        await Given.OnProject(a, "risks", Risk("A: slot cancelled", 0.6m, RiskImpact.High));
        await Given.OnProject(b, "risks", Risk("B: fibre supply", 0.3m, RiskImpact.Critical));
        await Given.OnProject(b, "risks", Risk("B: minor delay", 0.9m, RiskImpact.Low));
        await Given.OnProject(c, "risks", Risk("C: anything", 0.9m, RiskImpact.Critical));
        await Given.OnProject(a, "change-requests", new ProposeProjectChange
        {
            ChangeRequestId = new Guid("0199d000-0000-7000-8000-000000000001"), Kind = ChangeKind.Budget, Description = "A: more budget", Reason = "Second run", NewBudgetAmount = 110_000m, ProposedByPersonId = Anna,
        });
        await Given.OnProject(b, "change-requests", new ProposeProjectChange
        {
            ChangeRequestId = new Guid("0199d000-0000-7000-8000-000000000002"), Kind = ChangeKind.Budget, Description = "B: much more budget", Reason = "New line", NewBudgetAmount = 200_000m, ProposedByPersonId = Anna,
        });
        await Given.OnProject(c, "closure", new CloseJointProject { Outcome = ProjectOutcome.Cancelled, Lessons = ["Stop earlier"] });
        return (a, b, c);
    }

    private static RaiseProjectRisk Risk(string description, decimal probability, RiskImpact impact) =>
        new() { Description = description, Probability = probability, Impact = impact, OwnerPersonId = Anna };

    [Fact]
    public async Task late_milestones_across_accounts_oldest_first_page_by_page()
    {
        await Given_three_projects_on_two_accounts();

        var first = (await Host.GetAsJson<Page<MilestoneWatch>>("/api/projects/late-milestones?limit=1"))!;
        first.Items.Select(m => (m.Name, m.DueOn)).ShouldBe([("B: lab trials", D(9, 1))]);
        var second = (await Host.GetAsJson<Page<MilestoneWatch>>($"/api/projects/late-milestones?limit=1&cursor={first.Next}"))!;
        second.Items.Select(m => (m.Name, m.DueOn, m.ProjectName)).ShouldBe([("A: trial run", D(10, 1), "Recycled-fibre coated board pilot")]);
        second.Next.ShouldBeNull();

        // On 15 September only B's was late; the cancelled project's never counts.
        (await Host.GetAsJson<Page<MilestoneWatch>>("/api/projects/late-milestones?on=2026-09-15"))!.Items.Select(m => m.Name).ShouldBe(["B: lab trials"]);
        await Host.Scenario(x => { x.Get.Url("/api/projects/late-milestones?cursor=nonsense"); x.StatusCodeShouldBe(400); });
    }

    [Fact]
    public async Task red_projects_open_high_risks_and_pending_change_requests_across_accounts()
    {
        var (a, b, _) = await Given_three_projects_on_two_accounts();

        (await Host.GetAsJson<Page<ProjectWatch>>("/api/projects/by-status"))!.Items.Select(p => (p.Id, p.Rag, p.Summary)).ShouldBe([(a, (Rag?)Rag.Red, "Trial run late")]);
        (await Host.GetAsJson<Page<ProjectWatch>>("/api/projects/by-status?rag=Amber"))!.Items.Select(p => p.Id).ShouldBe([b]);

        var risks = (await Host.GetAsJson<Page<RiskWatch>>("/api/projects/open-risks"))!;
        risks.Items.Select(r => (r.Description, r.Exposure)).ShouldBe([("A: slot cancelled", 1.8m), ("B: fibre supply", 1.2m)]);
        var all = (await Host.GetAsJson<Page<RiskWatch>>("/api/projects/open-risks?minImpact=Low&limit=2"))!;
        all.Items.Select(r => r.Description).ShouldBe(["A: slot cancelled", "B: fibre supply"]);
        (await Host.GetAsJson<Page<RiskWatch>>($"/api/projects/open-risks?minImpact=Low&limit=2&cursor={all.Next}"))!.Items.Select(r => r.Description)
            .ShouldBe(["B: minor delay"]);
        (await Host.GetAsJson<Page<RiskWatch>>("/api/projects/open-risks?minProbability=0.5"))!.Items.Select(r => r.Description).ShouldBe(["A: slot cancelled"]);
        await Host.Scenario(x => { x.Get.Url("/api/projects/open-risks?minProbability=2"); x.StatusCodeShouldBe(400); });

        var pending = (await Host.GetAsJson<Page<ChangeRequestWatch>>("/api/projects/pending-change-requests"))!;
        pending.Items.Select(c => (c.Description, c.PendingApproverPersonId)).ShouldBe([("A: more budget", Leo), ("B: much more budget", Dana)]);
        (await Host.GetAsJson<Page<ChangeRequestWatch>>($"/api/projects/pending-change-requests?approver={Dana}"))!.Items.Select(c => c.Description)
            .ShouldBe(["B: much more budget"]);

        // Decisions and closures take rows off the dashboards at once (inline rows).
        await Given.OnProject(b, $"change-requests/{pending.Items[1].Id}/approval", new ApproveProjectChange(), Dana);
        (await Host.GetAsJson<Page<ChangeRequestWatch>>("/api/projects/pending-change-requests"))!.Items.Select(c => c.Description).ShouldBe(["A: more budget"]);
        await Given.OnProject(a, $"change-requests/{pending.Items[0].Id}/rejection", new RejectProjectChange { Reason = "No budget" }, Dana);
        await Given.OnProject(a, "closure", new CloseJointProject { Outcome = ProjectOutcome.Cancelled, Lessons = ["Too early"] });
        (await Host.GetAsJson<Page<ProjectWatch>>("/api/projects/by-status"))!.Items.ShouldBeEmpty();
        (await Host.GetAsJson<Page<RiskWatch>>("/api/projects/open-risks"))!.Items.Select(r => r.Description).ShouldBe(["B: fibre supply"]);
        (await Host.GetAsJson<Page<MilestoneWatch>>("/api/projects/late-milestones"))!.Items.Select(m => m.Name).ShouldBe(["B: lab trials"]);
    }
}
