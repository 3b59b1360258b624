using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using static Kam.EventStore.Tests.Projects.ProjectScenarios;

namespace Kam.EventStore.Tests.Projects;

/// <summary>
/// The development project leader's year: a recycled-fibre pilot with Nordic Paper starts in February; its trial run slips twice;
/// a budget increase beyond Leo's authority (the lead) is approved by Dana (the director); the risk that the line slot is cancelled
/// happens and becomes an issue; Anna's promise to share the trial run's results is at risk while the trial run slips; the project
/// closes in October, delivered late. Told twice, afterwards with every step backdated and day by day; the answers on five dates
/// were written down from the story.
/// </summary>
public sealed class ProjectStoryTests(AppFixture app) : ApiTest(app)
{
    private static readonly Guid Account = new("0199c000-0000-7000-8000-000000000001");
    private static readonly Guid Maria = new("0199c000-0000-7000-8000-000000000002");
    private static readonly Guid Olli = new("0199c000-0000-7000-8000-000000000003");
    private static readonly Guid Pilot = new("0199c000-0000-7000-8000-000000000004");
    private static readonly Guid Results = new("0199c000-0000-7000-8000-000000000005");
    private static readonly Guid SlotRisk = new("0199c000-0000-7000-8000-000000000006");
    private static readonly Guid SlotLost = new("0199c000-0000-7000-8000-000000000007");
    private static readonly Guid SecondRun = new("0199c000-0000-7000-8000-000000000008");

    private const string FirstSlip = "The customer's line maintenance moved into June";
    private const string SecondSlip = "The backup slot was lost";

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly[] Dates = [D(3, 31), D(6, 25), D(7, 20), D(8, 10), D(10, 31)];

    private IReadOnlyList<Tellings.Step> Story() =>
    [
        new(At(1, 2, 9), async backdated =>
        {
            var registered = backdated ? At(1, 2, 9) : (DateTimeOffset?)null;
            foreach (var (person, name, grant) in new[] { (Dana, "Dana Director", DirectorGrant(registered)), (Leo, "Leo Lead", LeadGrant(registered)), (Anna, "Anna Virtanen", KamGrant(registered)) })
            {
                await Post("/api/people", PeopleScenarios.Registration(person, name) with { OccurredAt = registered }, 201);
                await Post($"/api/people/{person}/authority-grants", grant);
            }
        }),
        new(At(1, 5), backdated => Post("/api/accounts", Scenarios.Designation("Nordic Paper Oy", "FI-PROJECT-1") with
        {
            AccountId = Account, DesignatedOn = backdated ? D(1, 5) : null, OccurredAt = backdated ? At(1, 5) : null,
        }, 201)),
        new(At(1, 8), async backdated =>
        {
            await Post($"/api/accounts/{Account}/account-manager/assignments",
                new AssignAccountManager { PersonId = Anna, EffectiveOn = backdated ? D(1, 8) : null, OccurredAt = backdated ? At(1, 8) : null });
            foreach (var (id, name, title) in new[] { (Maria, "Maria Korhonen", "Head of R&D"), (Olli, "Olli Laine", "Mill engineer") })
            {
                await Post($"/api/accounts/{Account}/stakeholders", new AddStakeholder
                {
                    StakeholderId = id, Name = name, Title = title, Department = "Kaskinen mill", Level = OrganisationLevel.Management,
                    BuyingRole = BuyingRole.Influencer, Stance = Stance.Supportive, EffectiveOn = backdated ? D(1, 8) : null, OccurredAt = backdated ? At(1, 8) : null,
                }, 201);
            }
        }),
        new(At(2, 2), backdated => Post($"/api/accounts/{Account}/projects", Start(Pilot, Maria, Olli) with { OccurredAt = backdated ? At(2, 2) : null }, 201)),
        new(At(3, 2), backdated => Post($"/api/projects/{Pilot}/status-reports", new ReportProjectStatus
        {
            Rag = Rag.Green, Summary = "Lab trials started", NextSteps = "Book the line for the trial run", OccurredAt = backdated ? At(3, 2) : null,
        })),
        // Anna promises the customer's board the trial run's results: the promise depends on the trial run.
        new(At(3, 10), backdated => Post($"/api/accounts/{Account}/commitments", new MakeCommitment
        {
            CommitmentId = Results, MadeBy = Anna, MadeTo = [Maria], Kind = CommitmentKind.Other, Description = "Share the trial run's results with the board",
            Milestone = new MilestoneLink(Pilot, TrialRun), OccurredAt = backdated ? At(3, 10) : null,
        }, 201, Anna)),
        new(At(4, 30), backdated => Post($"/api/projects/{Pilot}/milestones/{LabTrials}/achievement", new ReachMilestone { OccurredAt = backdated ? At(4, 30) : null })),
        new(At(5, 4), backdated => Post($"/api/projects/{Pilot}/risks", new RaiseProjectRisk
        {
            RiskId = SlotRisk, Description = "The customer's line slot for the trial run may be cancelled", Probability = 0.4m, Impact = RiskImpact.High,
            OwnerPersonId = Anna, Mitigation = "Book a backup slot", OccurredAt = backdated ? At(5, 4) : null,
        })),
        new(At(6, 20), async backdated =>
        {
            await Post($"/api/projects/{Pilot}/milestones/{TrialRun}/slips", new SlipMilestone { DueOn = D(7, 31), Reason = FirstSlip, OccurredAt = backdated ? At(6, 20) : null });
            await Post($"/api/projects/{Pilot}/status-reports", new ReportProjectStatus { Rag = Rag.Amber, Summary = "Trial run slipped", OccurredAt = backdated ? At(6, 20) : null });
        }),
        new(At(7, 15), backdated => Post($"/api/projects/{Pilot}/change-requests", new ProposeProjectChange
        {
            ChangeRequestId = SecondRun, Kind = ChangeKind.Budget, Description = "A second trial run", Reason = "Curl at high speed in the first tests",
            NewBudgetAmount = 140_000m, ProposedByPersonId = Anna, OccurredAt = backdated ? At(7, 15) : null,
        })),
        // Leo, the lead, may commit 20,000 EUR alone: the 40,000 EUR increase is beyond him.
        new(At(7, 16), async backdated =>
        {
            var refused = await Given.Refused(x =>
            {
                x.Post.Json(new ApproveProjectChange { OccurredAt = backdated ? At(7, 16) : null }).ToUrl($"/api/projects/{Pilot}/change-requests/{SecondRun}/approval");
                x.As(Leo, Roles.Writer, Roles.Approver);
            }, 422);
            refused.Rule.ShouldBe("approver-lacks-authority");
        }),
        new(At(7, 17), backdated => Post($"/api/projects/{Pilot}/change-requests/{SecondRun}/approval",
            new ApproveProjectChange { Note = "Funded from the development budget", OccurredAt = backdated ? At(7, 17) : null }, 200, Dana)),
        new(At(7, 28), backdated => Post($"/api/projects/{Pilot}/risks/{SlotRisk}/realisation",
            new RealiseProjectRisk { IssueId = SlotLost, Description = "The customer cancelled the line slot", OccurredAt = backdated ? At(7, 28) : null })),
        new(At(8, 3), async backdated =>
        {
            await Post($"/api/projects/{Pilot}/milestones/{TrialRun}/slips", new SlipMilestone { DueOn = D(9, 15), Reason = SecondSlip, OccurredAt = backdated ? At(8, 3) : null });
            await Post($"/api/projects/{Pilot}/status-reports", new ReportProjectStatus { Rag = Rag.Red, Summary = "No line slot before September", OccurredAt = backdated ? At(8, 3) : null });
        }),
        new(At(8, 20), backdated => Post($"/api/projects/{Pilot}/issues/{SlotLost}/resolution",
            new ResolveProjectIssue { Resolution = "September slot booked at the Kaskinen mill", OccurredAt = backdated ? At(8, 20) : null })),
        new(At(9, 15), backdated => Post($"/api/projects/{Pilot}/milestones/{TrialRun}/achievement", new ReachMilestone { OccurredAt = backdated ? At(9, 15) : null })),
        new(At(9, 16), backdated => Post($"/api/commitments/{Results}/fulfilment",
            new FulfilCommitment { Evidence = "Results presented to the board", OccurredAt = backdated ? At(9, 16) : null }, 200, Anna)),
        new(At(10, 10), backdated => Post($"/api/projects/{Pilot}/milestones/{GoNoGo}/achievement", new ReachMilestone { OccurredAt = backdated ? At(10, 10) : null })),
        new(At(10, 20), backdated => Post($"/api/projects/{Pilot}/closure", new CloseJointProject
        {
            Outcome = ProjectOutcome.Delivered, Lessons = ["Book the customer's line a quarter ahead", "Keep a fifth of the budget for a second run"],
            OccurredAt = backdated ? At(10, 20) : null,
        })),
    ];

    [Fact]
    public async Task the_project_recorded_afterwards_reads_exactly_right_on_five_dates()
    {
        await Tellings.RecordAfterwards(App, Story());

        // 31 March: on track, green, every milestone ahead, nothing at risk.
        var march = await Given.ProjectView(Pilot, "?on=2026-03-31");
        march.ShouldSatisfyAllConditions(
            p => p.Status.ShouldBe(ProjectStatus.Open),
            p => p.Rag.ShouldBe(Rag.Green),
            p => p.Budget.ShouldBe(new Money(100_000m, "EUR")),
            p => p.Sponsor.ShouldBe(new ProjectStakeholder(Maria, "Maria Korhonen", "Head of R&D", "Sponsor")),
            p => p.TheirMembers.Select(m => (m.Name, m.Role)).ShouldBe([("Maria Korhonen", "Sponsor"), ("Olli Laine", "Mill engineer")]),
            p => p.LeadPersonId.ShouldBe(Leo),
            p => p.StartedOn.ShouldBe(D(2, 2)),
            p => p.ChangeRequests.ShouldBeEmpty(),
            p => p.Risks.ShouldBeEmpty(),
            p => p.Issues.ShouldBeEmpty());
        march.Milestones.Select(m => (m.MilestoneId, m.PlannedOn, m.DueOn, m.ReachedOn, m.Late, m.Slips.Count, m.CommitmentsAtRisk.Count)).ShouldBe(
        [
            (LabTrials, D(4, 30), D(4, 30), (DateOnly?)null, false, 0, 0), (TrialRun, D(6, 30), D(6, 30), null, false, 0, 0),
            (GoNoGo, D(9, 30), D(9, 30), null, false, 0, 0),
        ]);

        // 25 June: amber; the lab trials reached on time; the trial run slipped to 31 July, putting Anna's promise at risk; the slot risk open.
        var june = await Given.ProjectView(Pilot, "?on=2026-06-25");
        june.Rag.ShouldBe(Rag.Amber);
        june.Milestones.Select(m => (m.MilestoneId, m.DueOn, m.ReachedOn, m.Late)).ShouldBe(
            [(LabTrials, D(4, 30), (DateOnly?)D(4, 30), false), (TrialRun, D(7, 31), null, false), (GoNoGo, D(9, 30), null, false)]);
        june.Milestones[1].Slips.ShouldBe([new MilestoneSlip(D(6, 30), D(7, 31), FirstSlip, D(6, 20))]);
        june.Milestones[1].CommitmentsAtRisk.ShouldBe([new CommitmentAtRisk(Results, "Share the trial run's results with the board", null, Anna)]);
        june.Risks.ShouldBe([new Risk(SlotRisk, "The customer's line slot for the trial run may be cancelled", 0.4m, RiskImpact.High, Anna, "Book a backup slot",
            RiskStatus.Open, D(5, 4), null, null, null)]);

        // 20 July: the 40,000 EUR increase, beyond Leo (20,000 EUR alone), routed to and approved by Dana within her 500,000 EUR.
        var july = await Given.ProjectView(Pilot, "?on=2026-07-20");
        july.Budget.ShouldBe(new Money(140_000m, "EUR"));
        var change = july.ChangeRequests.ShouldHaveSingleItem();
        change.ShouldSatisfyAllConditions(
            c => c.ChangeRequestId.ShouldBe(SecondRun),
            c => c.Kind.ShouldBe(ChangeKind.Budget),
            c => c.Status.ShouldBe(ChangeRequestStatus.Approved),
            c => c.ProposedByPersonId.ShouldBe(Anna),
            c => c.ProposedOn.ShouldBe(D(7, 15)),
            c => c.LeadCheck.ShouldSatisfyAllConditions(
                l => l.PersonId.ShouldBe(Leo), l => l.Within.ShouldBeFalse(), l => l.MaxValue.ShouldBe(20_000m), l => l.On.ShouldBe(D(7, 15)),
                l => l.Reasons.ShouldBe(["40000 EUR is above the 20000 EUR leo@example.com may commit alone."])),
            c => c.PendingApproverPersonId.ShouldBe(Dana),
            c => c.DecidedByPersonId.ShouldBe(Dana),
            c => c.DecidedOn.ShouldBe(D(7, 17)),
            c => c.ApproverCheck!.ShouldSatisfyAllConditions(a => a.PersonId.ShouldBe(Dana), a => a.Within.ShouldBeTrue(), a => a.MaxValue.ShouldBe(500_000m),
                a => a.On.ShouldBe(D(7, 17))),
            c => c.DecisionNote.ShouldBe("Funded from the development budget"));

        // 10 August: red; the trial run slipped twice, to 15 September; the risk realised as the issue of the lost slot, still open.
        var august = await Given.ProjectView(Pilot, "?on=2026-08-10");
        august.Rag.ShouldBe(Rag.Red);
        august.Milestones[1].ShouldSatisfyAllConditions(
            m => m.DueOn.ShouldBe(D(9, 15)),
            m => m.PlannedOn.ShouldBe(D(6, 30)),
            m => m.Slips.ShouldBe([new MilestoneSlip(D(6, 30), D(7, 31), FirstSlip, D(6, 20)), new MilestoneSlip(D(7, 31), D(9, 15), SecondSlip, D(8, 3))]),
            m => m.CommitmentsAtRisk.Select(c => c.CommitmentId).ShouldBe([Results]));
        august.Risks.Single().ShouldSatisfyAllConditions(r => r.Status.ShouldBe(RiskStatus.Realised), r => r.IssueId.ShouldBe(SlotLost), r => r.ClosedOn.ShouldBe(D(7, 28)));
        august.Issues.ShouldBe([new ProjectIssue(SlotLost, "The customer cancelled the line slot", Anna, SlotRisk, D(7, 28), null, null)]);

        // 31 October: delivered on 20 October, late: the trial run reached on 15 September (planned 30 June), the go/no-go on 10 October (planned 30 September).
        var october = await Given.ProjectView(Pilot, "?on=2026-10-31");
        october.ShouldSatisfyAllConditions(
            p => p.Status.ShouldBe(ProjectStatus.Delivered),
            p => p.DeliveredLate.ShouldBeTrue(),
            p => p.ClosedOn.ShouldBe(D(10, 20)),
            p => p.Lessons.ShouldBe(["Book the customer's line a quarter ahead", "Keep a fifth of the budget for a second run"]),
            p => p.Issues.Single().ShouldSatisfyAllConditions(i => i.ResolvedOn.ShouldBe(D(8, 20)), i => i.Resolution.ShouldBe("September slot booked at the Kaskinen mill")),
            p => p.Reports.Select(r => (r.ReportedOn, r.Rag)).ShouldBe([(D(3, 2), Rag.Green), (D(6, 20), Rag.Amber), (D(8, 3), Rag.Red)]));
        october.Milestones.Select(m => (m.MilestoneId, m.ReachedOn, m.Late, m.CommitmentsAtRisk.Count)).ShouldBe(
            [(LabTrials, (DateOnly?)D(4, 30), false, 0), (TrialRun, D(9, 15), true, 0), (GoNoGo, D(10, 10), true, 0)]);

        // The account's projects and the whole-account view show it as it stood.
        var listed = (await Host.GetAsJson<Page<ProjectSummary>>($"/api/accounts/{Account}/projects?on=2026-08-10"))!.Items.ShouldHaveSingleItem();
        listed.ShouldBe(new ProjectSummary(Pilot, Account, "Recycled-fibre coated board pilot", Leo, D(2, 2), ProjectStatus.Open, false, Rag.Red,
            new Money(140_000m, "EUR"), 0, 0, 1, 0));
        var view = await Host.GetAsJson<JsonNode>($"/api/accounts/{Account}/view?on=2026-10-31");
        view!["projects"]![0]!["status"]!.GetValue<string>().ShouldBe("Delivered");

        // The audit export shows what the approval was checked as: a Resource commitment worth the 40,000 EUR increase.
        var export = await Host.Scenario(x => x.Get.Url($"/api/accounts/{Account}/export?format=jsonl"));
        var approval = (await export.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
            .Single(l => l["type"]!.GetValue<string>() == nameof(ProjectChangeApproved))["data"]!;
        approval["checkedAs"]!.GetValue<string>().ShouldBe("Resource");
        approval["checkedValue"]!["amount"]!.GetValue<decimal>().ShouldBe(40_000m);
        approval["approvedByPersonId"]!.GetValue<string>().ShouldBe(Dana);
    }

    [Fact]
    public async Task recorded_afterwards_and_day_by_day_the_project_reads_the_same_on_every_business_date()
    {
        await Tellings.RecordAfterwards(App, Story());
        var afterwards = await Answers();

        await App.ResetAsync();
        await Tellings.RecordDayByDay(App, Story());
        var dayByDay = await Answers();

        foreach (var (question, answer) in afterwards)
        {
            dayByDay[question].ShouldBe(answer, question);
        }

        afterwards.Count.ShouldBe(dayByDay.Count);
    }

    private async Task<Dictionary<string, string>> Answers()
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var date in Dates)
        {
            var on = $"on={date:yyyy-MM-dd}";
            answers[$"project {on}"] = await Tellings.Answer(App, $"/api/projects/{Pilot}?{on}");
            answers[$"projects {on}"] = await Tellings.Answer(App, $"/api/accounts/{Account}/projects?{on}");
            var view = JsonNode.Parse(await Tellings.Answer(App, $"/api/accounts/{Account}/view?{on}"))!;
            answers[$"view projects {on}"] = view["projects"]!.ToJsonString();
            answers[$"commitment {on}"] = await Tellings.Answer(App, $"/api/commitments/{Results}?{on}");
        }

        return answers;
    }

    private async Task Post(string url, object body, int status = 200, string? caller = null) => await Tellings.Post(App, url, body, status, caller);
}
