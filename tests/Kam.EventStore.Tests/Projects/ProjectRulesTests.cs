using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Projects.ProjectScenarios;

namespace Kam.EventStore.Tests.Projects;

/// <summary>Bad input to the project area is a 4xx problem naming the field or rule, and appends nothing.</summary>
public sealed class ProjectRulesTests(AppFixture app) : ApiTest(app)
{
    private sealed record Cast(Guid Account, Guid Maria, Guid Olli, Guid Stranger, Guid Project);

    private async Task<Cast> Given_a_started_project()
    {
        foreach (var (person, grant) in new[] { (Dana, DirectorGrant()), (Leo, LeadGrant()), (Anna, KamGrant()) })
        {
            await Given.Person(person, person.Split('@')[0]);
            await Given.Authority(person, grant);
        }

        var account = await Given.KeyAccount();
        await Given.Kam(account, Anna, D(1, 20));
        var maria = await Given.Stakeholder(account, "Maria Korhonen", D(1, 20), OrganisationLevel.Management, BuyingRole.Influencer, "Head of R&D");
        var olli = await Given.Stakeholder(account, "Olli Laine", D(1, 20), OrganisationLevel.Operational, BuyingRole.User, "Mill engineer");
        var stranger = await Given.Stakeholder(await Given.KeyAccount("Other Customer Oy"), "Sam Stranger", D(1, 20));
        var project = await Given.Project(account, Start(Guid.NewGuid(), maria, olli, D(2, 2)));
        return new Cast(account, maria, olli, stranger, project.ProjectId);
    }

    private Task<Problem> Refused(string url, object body, int status, string? caller = null) => Given.Refused(x =>
    {
        x.Post.Json(body).ToUrl(url);
        if (caller is not null)
        {
            x.As(caller, Roles.Writer, Roles.Approver);
        }
    }, status);

    [Fact]
    public async Task a_start_names_every_field_it_lacks_and_people_of_this_account_and_directory()
    {
        var cast = await Given_a_started_project();
        var start = $"/api/accounts/{cast.Account}/projects";
        var bad = Start(Guid.NewGuid(), cast.Maria, cast.Olli, D(2, 2)) with
        {
            Name = "", Budget = null, SponsorStakeholderId = null, ObjectiveId = Guid.NewGuid(),
            Milestones = [new() { Name = "Too early", DueOn = D(1, 31) }, new() { Name = "" }],
        };

        (await Refused(start, bad, 400)).Errors.Keys.ShouldBe(
            ["name", "budget", "sponsorStakeholderId", "planId", "milestones[0].dueOn", "milestones[1].name", "milestones[1].dueOn"], ignoreOrder: true);
        (await Refused(start, Start(Guid.NewGuid(), cast.Stranger, cast.Olli, D(2, 2)), 422)).Rule.ShouldBe("unknown-stakeholder");
        await Given.Change(cast.Account, $"stakeholders/{cast.Olli}/departure", new RecordStakeholderDeparture { EffectiveOn = D(3, 1) });
        (await Refused(start, Start(Guid.NewGuid(), cast.Maria, cast.Olli, D(3, 2)), 422)).Rule.ShouldBe("stakeholder-left");
        (await Refused(start, Start(Guid.NewGuid(), cast.Maria, cast.Maria, D(2, 2)) with { LeadPersonId = "ghost@example.com" }, 422)).Rule.ShouldBe("unknown-person");
        (await Refused(start, Start(cast.Project, cast.Maria, cast.Maria, D(2, 2)), 409)).Rule.ShouldBe("duplicate-project");
        (await Refused(start, Start(Guid.NewGuid(), cast.Maria, cast.Maria, D(2, 2)) with { PlanId = Guid.NewGuid() }, 422)).Rule.ShouldBe("unknown-plan");
        (await Refused($"/api/accounts/{Guid.NewGuid()}/projects", Start(Guid.NewGuid(), cast.Maria, cast.Maria, D(2, 2)), 404)).Rule.ShouldBe("not-found");
    }

    [Fact]
    public async Task a_risk_probability_outside_zero_to_one_is_refused()
    {
        var cast = await Given_a_started_project();
        var risk = new RaiseProjectRisk { Description = "Slot cancelled", Probability = 1.2m, Impact = RiskImpact.High, OwnerPersonId = Anna };

        (await Refused($"/api/projects/{cast.Project}/risks", risk, 400)).Errors.Keys.ShouldBe(["probability"]);
        (await Refused($"/api/projects/{cast.Project}/risks", risk with { Probability = -0.1m }, 400)).Errors.Keys.ShouldBe(["probability"]);
        (await Refused($"/api/projects/{cast.Project}/risks", risk with { Probability = null, Impact = null }, 400)).Errors.Keys.ShouldBe(["probability", "impact"], ignoreOrder: true);
        (await Refused($"/api/projects/{cast.Project}/risks", risk with { Probability = 1m, OwnerPersonId = "ghost@example.com" }, 422)).Rule.ShouldBe("unknown-person");

        var raised = await Given.OnProject(cast.Project, "risks", risk with { Probability = 1m });
        var id = raised.ItemId!.Value;
        (await Refused($"/api/projects/{cast.Project}/risks/{id}/reassessments",
            new ReassessProjectRisk { Probability = 2m, Impact = RiskImpact.Low, OwnerPersonId = Anna, Reason = "Better" }, 400)).Errors.Keys.ShouldBe(["probability"]);
        (await Refused($"/api/projects/{cast.Project}/risks/{id}/reassessments",
            new ReassessProjectRisk { Probability = 1m, Impact = RiskImpact.High, OwnerPersonId = Anna, Reason = "Same" }, 422)).Rule.ShouldBe("nothing-changed");
        await Given.OnProject(cast.Project, $"risks/{id}/closure", new CloseProjectRisk { Reason = "Slot confirmed" });
        (await Refused($"/api/projects/{cast.Project}/risks/{id}/realisation", new RealiseProjectRisk { Description = "Cancelled after all" }, 409)).Rule.ShouldBe("risk-closed");
        (await Refused($"/api/projects/{cast.Project}/risks/{Guid.NewGuid()}/closure", new CloseProjectRisk { Reason = "?" }, 404)).Rule.ShouldBe("not-found");
    }

    [Fact]
    public async Task a_milestone_slips_only_later_only_unreached_and_never_on_a_closed_project()
    {
        var cast = await Given_a_started_project();
        var slips = $"/api/projects/{cast.Project}/milestones/{TrialRun}/slips";

        (await Refused(slips, new SlipMilestone(), 400)).Errors.Keys.ShouldBe(["dueOn", "reason"], ignoreOrder: true);
        (await Refused(slips, new SlipMilestone { DueOn = D(6, 1), Reason = "Earlier?" }, 422)).Rule.ShouldBe("not-a-slip");
        (await Refused($"/api/projects/{cast.Project}/milestones/{Guid.NewGuid()}/slips", new SlipMilestone { DueOn = D(12, 1), Reason = "?" }, 404)).Rule.ShouldBe("not-found");
        await Given.OnProject(cast.Project, $"milestones/{LabTrials}/achievement", new ReachMilestone { ReachedOn = D(4, 30) });
        (await Refused($"/api/projects/{cast.Project}/milestones/{LabTrials}/slips", new SlipMilestone { DueOn = D(12, 1), Reason = "Redo" }, 409)).Rule.ShouldBe("milestone-reached");
        (await Refused($"/api/projects/{cast.Project}/milestones/{LabTrials}/achievement", new ReachMilestone(), 409)).Rule.ShouldBe("milestone-reached");
        (await Refused($"/api/projects/{cast.Project}/milestones/{TrialRun}/achievement", new ReachMilestone { ReachedOn = D(4, 1) }, 422)).Rule.ShouldBe("out-of-order");

        (await Refused($"/api/projects/{cast.Project}/closure", new CloseJointProject { Outcome = ProjectOutcome.Delivered, Lessons = ["Plan better"] }, 422))
            .Rule.ShouldBe("milestones-not-reached");
        (await Refused($"/api/projects/{cast.Project}/closure", new CloseJointProject { Outcome = ProjectOutcome.Cancelled }, 400)).Errors.Keys.ShouldBe(["lessons"]);
        await Given.OnProject(cast.Project, "closure", new CloseJointProject { Outcome = ProjectOutcome.Cancelled, Lessons = ["Agree the line slots first"] });

        (await Refused(slips, new SlipMilestone { DueOn = D(12, 1), Reason = "Too late anyway" }, 409)).Rule.ShouldBe("project-closed");
        (await Refused($"/api/projects/{cast.Project}/status-reports", new ReportProjectStatus { Rag = Rag.Red, Summary = "Closed" }, 409)).Rule.ShouldBe("project-closed");
    }

    [Fact]
    public async Task a_change_request_approved_beyond_the_approvers_authority_is_refused_and_the_proposer_never_decides_it()
    {
        var cast = await Given_a_started_project();
        var budget = new ProposeProjectChange
        {
            Kind = ChangeKind.Budget, Description = "Second run", Reason = "Curl", NewBudgetAmount = 140_000m, ProposedByPersonId = Anna,
        };

        (await Refused($"/api/projects/{cast.Project}/change-requests", budget with { NewBudgetAmount = null }, 400)).Errors.Keys.ShouldBe(["newBudgetAmount"]);
        (await Refused($"/api/projects/{cast.Project}/change-requests", budget with { NewBudgetAmount = -1m }, 400)).Errors.Keys.ShouldBe(["newBudgetAmount"]);
        (await Refused($"/api/projects/{cast.Project}/change-requests", budget with { NewBudgetAmount = 100_000m }, 422)).Rule.ShouldBe("nothing-changed");
        (await Refused($"/api/projects/{cast.Project}/change-requests", budget with { Kind = ChangeKind.Schedule, NewBudgetAmount = null }, 400))
            .Errors.Keys.ShouldBe(["milestoneId", "newDueOn"], ignoreOrder: true);
        (await Refused($"/api/projects/{cast.Project}/change-requests",
            budget with { Kind = ChangeKind.Schedule, NewBudgetAmount = null, MilestoneId = Guid.NewGuid(), NewDueOn = D(8, 31) }, 422)).Rule.ShouldBe("unknown-milestone");

        var proposed = await Given.OnProject(cast.Project, "change-requests", budget);
        var approval = $"/api/projects/{cast.Project}/change-requests/{proposed.ItemId}/approval";
        var leo = await Refused(approval, new ApproveProjectChange(), 422, Leo);
        leo.Rule.ShouldBe("approver-lacks-authority");
        leo.Detail.ShouldNotBeNull().ShouldContain("40000 EUR is above the 20000 EUR");
        (await Refused(approval, new ApproveProjectChange(), 422, Anna)).Rule.ShouldBe("self-approval");
        (await Refused(approval, new ApproveProjectChange(), 422, "stranger@example.com")).Rule.ShouldBe("unknown-person");
        (await Refused($"/api/projects/{cast.Project}/change-requests/{proposed.ItemId}/rejection", new RejectProjectChange { Reason = "Mine" }, 422, Anna))
            .Rule.ShouldBe("self-approval");
        var writer = await Given.Refused(x =>
        {
            x.Post.Json(new ApproveProjectChange()).ToUrl(approval);
            x.As(Dana, Roles.Writer);
        }, 403);
        writer.Rule.ShouldBe("forbidden");
        (await Refused($"/api/projects/{cast.Project}/closure", new CloseJointProject { Outcome = ProjectOutcome.Cancelled, Lessons = ["x"] }, 422))
            .Rule.ShouldBe("pending-change-requests");

        await Given.OnProject(cast.Project, $"change-requests/{proposed.ItemId}/approval", new ApproveProjectChange(), Dana);
        (await Refused(approval, new ApproveProjectChange(), 409, Dana)).Rule.ShouldBe("not-pending");
        (await Given.ProjectView(cast.Project)).Budget.ShouldBe(new Money(140_000m, "EUR"));

        // A schedule change Leo may approve alone re-plans the milestone: reached after its new date is late, not before.
        var schedule = await Given.OnProject(cast.Project, "change-requests",
            budget with { Kind = ChangeKind.Schedule, NewBudgetAmount = null, MilestoneId = TrialRun, NewDueOn = D(8, 31), Description = "Trial run in August" });
        await Given.OnProject(cast.Project, $"change-requests/{schedule.ItemId}/approval", new ApproveProjectChange(), Leo);
        (await Given.ProjectView(cast.Project)).Milestones[1].ShouldSatisfyAllConditions(m => m.PlannedOn.ShouldBe(D(8, 31)), m => m.DueOn.ShouldBe(D(8, 31)));
    }

    [Fact]
    public async Task issues_are_raised_and_resolved_once()
    {
        var cast = await Given_a_started_project();
        (await Refused($"/api/projects/{cast.Project}/issues", new RaiseProjectIssue { OwnerPersonId = Anna }, 400)).Errors.Keys.ShouldBe(["description"]);
        var issue = await Given.OnProject(cast.Project, "issues", new RaiseProjectIssue { Description = "Reels damaged", OwnerPersonId = Anna });
        (await Refused($"/api/projects/{cast.Project}/issues", new RaiseProjectIssue { IssueId = issue.ItemId, Description = "Again", OwnerPersonId = Anna }, 409))
            .Rule.ShouldBe("duplicate-issue");
        await Given.OnProject(cast.Project, $"issues/{issue.ItemId}/resolution", new ResolveProjectIssue { Resolution = "Reshipped" });
        (await Refused($"/api/projects/{cast.Project}/issues/{issue.ItemId}/resolution", new ResolveProjectIssue { Resolution = "Again" }, 409)).Rule.ShouldBe("issue-resolved");
    }

    [Fact]
    public async Task a_commitment_links_only_to_a_milestone_or_plan_action_of_its_own_account_and_is_at_risk_when_the_milestone_slips_past_its_due_date()
    {
        var cast = await Given_a_started_project();
        var promise = new MakeCommitment
        {
            MadeBy = Anna, MadeTo = [cast.Maria], Kind = CommitmentKind.DeliveryDate, Description = "First reels from the new grade", MadeOn = D(3, 1),
            DueOn = D(8, 15), Milestone = new MilestoneLink(cast.Project, TrialRun),
        };
        var commitments = $"/api/accounts/{cast.Account}/commitments";

        (await Refused(commitments, promise with { Milestone = new MilestoneLink(cast.Project, Guid.NewGuid()) }, 422)).Rule.ShouldBe("unknown-milestone");
        (await Refused(commitments, promise with { Milestone = new MilestoneLink(Guid.NewGuid(), TrialRun) }, 422)).Rule.ShouldBe("unknown-milestone");
        (await Refused(commitments, promise with { Milestone = null, PlanAction = new PlanActionLink(Guid.NewGuid(), Guid.NewGuid()) }, 422)).Rule.ShouldBe("unknown-plan-action");
        (await Refused(commitments, promise with { PlanAction = new PlanActionLink(Guid.NewGuid(), Guid.NewGuid()) }, 400)).Errors.Keys.ShouldBe(["milestone"]);
        var body = $$$"""{"madeBy": "{{{Anna}}}", "madeTo": ["{{{cast.Maria}}}"], "kind": "DeliveryDate", "description": "x", "dueOn": "2026-08-15", "milestone": {"projectId": "{{{cast.Project}}}"}}""";
        var missingPart = await Given.Refused(x => x.Post.Text(body).ToUrl(commitments).ContentType("application/json"), 400);
        missingPart.Rule.ShouldBe("missing-field");

        var other = await Given.KeyAccount("Third Customer Oy");
        (await Refused($"/api/accounts/{other}/commitments", promise with { MadeTo = [await Given.Stakeholder(other, "Tia", D(1, 20))] }, 422)).Rule.ShouldBe("unknown-milestone");

        // Due 15 August, depending on the trial run due 30 June: not at risk; after a slip to 31 August, at risk.
        var made = await (await Tellings.Post(App, commitments, promise, 201)).ReadAsJsonAsync<CommitmentCreated>();
        (await Given.ProjectView(cast.Project)).Milestones[1].CommitmentsAtRisk.ShouldBeEmpty();
        (await Host.GetAsJson<CommitmentWithLineage>($"/api/commitments/{made.CommitmentId}"))!.Commitment.Milestone.ShouldBe(new MilestoneLink(cast.Project, TrialRun));
        await Given.OnProject(cast.Project, $"milestones/{TrialRun}/slips", new SlipMilestone { DueOn = D(7, 31), Reason = "Maintenance" });
        (await Given.ProjectView(cast.Project)).Milestones[1].CommitmentsAtRisk.ShouldBeEmpty("still before the promise's due date");
        await Given.OnProject(cast.Project, $"milestones/{TrialRun}/slips", new SlipMilestone { DueOn = D(8, 31), Reason = "Slot lost" });
        (await Given.ProjectView(cast.Project)).Milestones[1].CommitmentsAtRisk.ShouldBe(
            [new CommitmentAtRisk(made.CommitmentId, "First reels from the new grade", D(8, 15), Anna)]);
        (await Given.ProjectView(cast.Project, "?on=2026-11-01")).Milestones[1].Late.ShouldBeTrue();
    }

}
