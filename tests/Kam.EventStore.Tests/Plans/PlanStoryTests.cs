using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Plans;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using static Kam.EventStore.Tests.Plans.PlanScenarios;

namespace Kam.EventStore.Tests.Plans;

/// <summary>
/// The strategy developer's year: Anna drafts the 2026-2027 plan for Nordic Paper in January with three objectives; the customer's CPO
/// agrees to one of them; Mikko, her manager on the account, signs it off (not Anna, its author, nor Hanna, her line manager in the
/// directory); in June the plan is revised (the sustainability objective dropped, the on-time target raised from 95 to 97) and signed
/// off again. Told twice, afterwards with every step backdated and day by day; the answers below were written down from the story.
/// </summary>
public sealed class PlanStoryTests(AppFixture app) : ApiTest(app)
{
    private static readonly Guid Account = new("0199b000-0000-7000-8000-000000000001");
    private static readonly Guid Paula = new("0199b000-0000-7000-8000-000000000002");
    private static readonly Guid Plan = new("0199b000-0000-7000-8000-000000000003");

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly[] Dates = [D(1, 31), D(3, 31), D(6, 16), D(7, 15), D(10, 31)];

    private IReadOnlyList<Tellings.Step> Story() =>
    [
        new(At(1, 2, 9), async backdated =>
        {
            foreach (var (person, name, manager) in new[] { (Hanna, "Hanna Line-Manager", (string?)null), (Mikko, "Mikko Sales-Manager", null), (Ben, "Ben Lindqvist", null), (Anna, "Anna Virtanen", Hanna) })
            {
                await Post("/api/people", PeopleScenarios.Registration(person, name, manager: manager) with { OccurredAt = backdated ? At(1, 2, 9) : null }, 201);
            }
        }),
        new(At(1, 5), backdated => Post("/api/accounts", Scenarios.Designation("Nordic Paper Oy", "FI-PLAN-1") with
        {
            AccountId = Account, DesignatedOn = backdated ? D(1, 5) : null, OccurredAt = backdated ? At(1, 5) : null,
        }, 201)),
        new(At(1, 8), async backdated =>
        {
            await Post($"/api/accounts/{Account}/account-manager/assignments",
                new AssignAccountManager { PersonId = Anna, EffectiveOn = backdated ? D(1, 8) : null, OccurredAt = backdated ? At(1, 8) : null });
            await Post($"/api/accounts/{Account}/account-manager/role-terms", new OrganiseKamRole
            {
                Role = KamRoleKind.Managerial, ManagerPersonId = Mikko, SalesSharePercent = 60, EffectiveOn = backdated ? D(1, 8) : null,
                OccurredAt = backdated ? At(1, 8) : null,
            });
            await Post($"/api/accounts/{Account}/stakeholders", new AddStakeholder
            {
                StakeholderId = Paula, Name = "Paula Niemi", Title = "CPO", Department = "Procurement", Level = OrganisationLevel.Executive,
                BuyingRole = BuyingRole.DecisionMaker, Stance = Stance.Supportive, EffectiveOn = backdated ? D(1, 8) : null, OccurredAt = backdated ? At(1, 8) : null,
            }, 201);
        }),
        new(At(1, 12), backdated => Post($"/api/accounts/{Account}/plans", Draft(Plan) with { OccurredAt = backdated ? At(1, 12) : null }, 201)),
        new(At(1, 20), backdated => Post($"/api/plans/{Plan}/objectives/{ShareOfWallet}/agreements",
            new AgreePlanObjective { StakeholderId = Paula, AgreedOn = backdated ? D(1, 20) : null, OccurredAt = backdated ? At(1, 20) : null })),
        // Neither the author nor her line manager in the directory signs it off: the KAM role's organisation names Mikko.
        new(At(1, 24), async backdated =>
        {
            foreach (var (caller, rule) in new[] { (Anna, "self-sign-off"), (Hanna, "not-kams-manager") })
            {
                var refused = await Given.Refused(x =>
                {
                    x.Post.Json(new SignOffAccountPlan { OccurredAt = backdated ? At(1, 24) : null }).ToUrl($"/api/plans/{Plan}/sign-off");
                    x.As(caller, Roles.Writer, Roles.Approver);
                }, 422);
                refused.Rule.ShouldBe(rule);
            }
        }),
        new(At(1, 25), backdated => Post($"/api/plans/{Plan}/sign-off",
            new SignOffAccountPlan { Note = "Agreed in the sales leadership review", OccurredAt = backdated ? At(1, 25) : null }, 200, Mikko)),
        new(At(3, 2), backdated => Post($"/api/plans/{Plan}/objectives/{OnTimeDelivery}/progress",
            new MeasureObjectiveProgress { Value = 90m, Note = "February OTIF report", OccurredAt = backdated ? At(3, 2) : null })),
        new(At(3, 31), backdated => Post($"/api/plans/{Plan}/actions/{PlanScenarios.Reviews}/completion",
            new CompletePlanAction { Note = "Q1 review held with the CPO", OccurredAt = backdated ? At(3, 31) : null })),
        new(At(6, 15), backdated => Post($"/api/plans/{Plan}/revisions", June with { OccurredAt = backdated ? At(6, 15) : null })),
        new(At(6, 20), backdated => Post($"/api/plans/{Plan}/sign-off", new SignOffAccountPlan { OccurredAt = backdated ? At(6, 20) : null }, 200, Mikko)),
        new(At(7, 1), backdated => Post($"/api/plans/{Plan}/objectives/{OnTimeDelivery}/progress",
            new MeasureObjectiveProgress { Value = 93m, OccurredAt = backdated ? At(7, 1) : null })),
    ];

    [Fact]
    public async Task the_plan_recorded_afterwards_reads_exactly_right_at_every_version_and_date()
    {
        var recorded = await Tellings.RecordAfterwards(App, Story());

        // 31 January: version 1, signed off by Mikko (the KAM's manager as the KAM role is organised), one objective agreed by the CPO.
        var january = await Given.PlanView(Plan, "?on=2026-01-31");
        january.ShouldSatisfyAllConditions(
            p => p.PlanVersion.ShouldBe(1),
            p => p.LatestPlanVersion.ShouldBe(1),
            p => p.Status.ShouldBe(PlanStatus.SignedOff),
            p => p.Title.ShouldBe("Nordic Paper 2026-2027"),
            p => p.AuthorPersonId.ShouldBe(Anna),
            p => p.SignOffs.ShouldBe([new PlanSignOff(1, Mikko, Anna, ManagerSource.KamRole, D(1, 25), "Agreed in the sales leadership review")]));
        january.Objectives.Select(o => o.ObjectiveId).ShouldBe([ShareOfWallet, OnTimeDelivery, Sustainability]);
        january.Objectives[0].Agreements.ShouldBe([new AgreementView(Paula, "Paula Niemi", "CPO", D(1, 20), 1, true, null)]);
        january.Objectives.Skip(1).ShouldAllBe(o => o.Agreements.Count == 0);
        january.Objectives.ShouldAllBe(o => o.Progress.Value == null);

        // 31 March: the same version; on-time delivery measured at 90 (2 of the 7 points from 88 to 95: 28.6%); the reviews done.
        var march = await Given.PlanView(Plan, "?on=2026-03-31");
        march.PlanVersion.ShouldBe(1);
        march.Objectives.Select(o => (o.ObjectiveId, o.Target)).ShouldBe([(ShareOfWallet, 30m), (OnTimeDelivery, 95m), (Sustainability, 500m)]);
        march.Objectives[1].Progress.ShouldSatisfyAllConditions(
            p => p.Value.ShouldBe(90m), p => p.MeasuredOn.ShouldBe(D(3, 2)), p => p.AttainmentPercent.ShouldBe(28.6m));
        march.Actions.Select(a => (a.ActionId, a.Status, a.StatusOn, a.StatusNote)).ShouldBe(
            [(PlanScenarios.Reviews, ActionStatus.Done, (DateOnly?)D(3, 31), "Q1 review held with the CPO"), (FibrePilot, ActionStatus.Open, null, null)]);
        march.Strategies.ShouldBe([Strategy1, "Offer joint development of recycled-fibre grades"]);

        // 16 June: revised the day before and not yet signed off again: a draft of version 2.
        var june = await Given.PlanView(Plan, "?on=2026-06-16");
        june.ShouldSatisfyAllConditions(p => p.PlanVersion.ShouldBe(2), p => p.Status.ShouldBe(PlanStatus.Draft), p => p.SignedOff.ShouldBeFalse());

        // 15 July: version 2, signed off on 20 June: two objectives, the on-time target 97 (93 measured: 5 of 9 points, 55.6%); the CPO's
        // agreement still stands, the objective reading as she agreed it.
        var july = await Given.PlanView(Plan, "?on=2026-07-15");
        july.ShouldSatisfyAllConditions(
            p => p.PlanVersion.ShouldBe(2),
            p => p.Status.ShouldBe(PlanStatus.SignedOff),
            p => p.Revisions.Select(r => (r.PlanVersion, r.On, r.Reason)).ShouldBe(
                [(1, D(1, 12), (string?)null), (2, D(6, 15), "The customer cut its sustainability budget; on-time delivery matters more to them")]),
            p => p.SignOffs.Select(s => (s.PlanVersion, s.SignedOffByPersonId, s.On)).ShouldBe([(1, Mikko, D(1, 25)), (2, Mikko, D(6, 20))]));
        july.Objectives.Select(o => (o.ObjectiveId, o.Target)).ShouldBe([(ShareOfWallet, 30m), (OnTimeDelivery, 97m)]);
        july.Objectives[0].Agreements.ShouldBe([new AgreementView(Paula, "Paula Niemi", "CPO", D(1, 20), 1, true, null)]);
        july.Objectives[1].Progress.ShouldSatisfyAllConditions(
            p => p.Value.ShouldBe(93m), p => p.MeasuredOn.ShouldBe(D(7, 1)), p => p.AttainmentPercent.ShouldBe(55.6m),
            p => p.Measurements.Select(m => m.Value).ShouldBe([90m, 93m]));
        july.Actions.Select(a => (a.ActionId, a.Status)).ShouldBe([(PlanScenarios.Reviews, ActionStatus.Done), (OtifReview, ActionStatus.Open)]);

        // Version 1 is kept: read today, it says what it said in January.
        var first = await Given.PlanView(Plan, "?planVersion=1");
        first.Objectives.Select(o => (o.ObjectiveId, o.Target)).ShouldBe([(ShareOfWallet, 30m), (OnTimeDelivery, 95m), (Sustainability, 500m)]);
        first.ShouldSatisfyAllConditions(p => p.PlanVersion.ShouldBe(1), p => p.LatestPlanVersion.ShouldBe(2), p => p.SignedOff.ShouldBeTrue());

        // January to June, field by field: the sustainability objective and its pilot removed, the on-time target 95 -> 97, the OTIF review added.
        var difference = (await Host.GetAsJson<PlanDifference>($"/api/plans/{Plan}/differences?from=1&to=2"))!;
        difference.ShouldSatisfyAllConditions(
            d => d.Title.ShouldBeNull(),
            d => d.Objectives.Added.ShouldBeEmpty(),
            d => d.Objectives.Removed.Select(o => o.ObjectiveId).ShouldBe([Sustainability]),
            d => d.Objectives.Changed.Select(c => (c.Id, c.Fields.Single().Field)).ShouldBe([(OnTimeDelivery, "target")]),
            d => d.Objectives.Changed.Single().Fields.Single().Before!.GetValue<decimal>().ShouldBe(95m),
            d => d.Objectives.Changed.Single().Fields.Single().After!.GetValue<decimal>().ShouldBe(97m),
            d => d.Actions.Added.Select(a => (a.ActionId, a.OwnerPersonId, a.DueOn)).ShouldBe([(OtifReview, Ben, D(12, 31))]),
            d => d.Actions.Removed.Select(a => a.ActionId).ShouldBe([FibrePilot]),
            d => d.Actions.Changed.ShouldBeEmpty(),
            d => d.Strategies.Added.ShouldBeEmpty(),
            d => d.Strategies.Removed.ShouldBeEmpty(),
            d => d.Revisions.Select(r => r.PlanVersion).ShouldBe([2]));
        (await Host.GetAsJson<PlanDifference>($"/api/plans/{Plan}/differences"))!.ShouldSatisfyAllConditions(d => d.From.ShouldBe(1), d => d.To.ShouldBe(2));

        // Progress against each objective in force on 15 July.
        var progress = (await Host.GetAsJson<PlanProgress>($"/api/plans/{Plan}/progress?on=2026-07-15"))!;
        progress.Objectives.Select(o => (o.ObjectiveId, o.Progress.AttainmentPercent)).ShouldBe([(ShareOfWallet, (decimal?)null), (OnTimeDelivery, 55.6m)]);

        // The account's plans and its whole view show the plan as it stood.
        var list = (await Host.GetAsJson<Page<PlanSummary>>($"/api/accounts/{Account}/plans?on=2026-06-16"))!.Items.ShouldHaveSingleItem();
        list.ShouldSatisfyAllConditions(p => p.PlanVersion.ShouldBe(2), p => p.Status.ShouldBe(PlanStatus.Draft), p => p.SignedOffVersion.ShouldBe(1),
            p => p.Objectives.ShouldBe(2), p => p.OpenActions.ShouldBe(1));
        var view = await Host.GetAsJson<JsonElement>($"/api/accounts/{Account}/view?on=2026-03-31");
        view.GetProperty("plans")[0].GetProperty("planVersion").GetInt32().ShouldBe(1);
        view.GetProperty("plans")[0].GetProperty("status").GetString().ShouldBe("SignedOff");

        // What our records said before the revision was recorded: version 1 was the latest, also for 15 July.
        var beforeRevision = recorded[9].AddSeconds(-1);
        (await Given.PlanView(Plan, $"?on=2026-07-15&asOf={Uri.EscapeDataString(beforeRevision.ToString("O"))}")).LatestPlanVersion.ShouldBe(1);
        (await Host.GetAsJson<PlanDifference>($"/api/plans/{Plan}/differences?asOf={Uri.EscapeDataString(beforeRevision.ToString("O"))}&from=1&to=1"))!
            .Objectives.Changed.ShouldBeEmpty();

        // The account's changes across the revision's recording: the revision, and the plan's new version among the differences.
        var changes = await Host.GetAsJson<JsonElement>(
            $"/api/accounts/{Account}/changes?from={Uri.EscapeDataString(beforeRevision.ToString("O"))}&to={Uri.EscapeDataString(recorded[9].ToString("O"))}");
        changes.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe([nameof(AccountPlanRevised)]);
        changes.GetProperty("differences").EnumerateArray().Select(d => d.GetProperty("path").GetString()).ShouldContain($"/plans/{Plan}/versions/1");

        // The timeline tells the plan's story in business time, and the audit export holds every plan event.
        var timeline = (await Host.GetAsJson<JsonElement>($"/api/accounts/{Account}/timeline?order=asc&limit=200")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).Where(k => k!.Contains("Plan", StringComparison.Ordinal)).ToList();
        timeline.ShouldBe([
            nameof(AccountPlanDrafted), nameof(PlanObjectiveAgreed), nameof(AccountPlanSignedOff), nameof(PlanObjectiveProgressMeasured),
            nameof(PlanActionCompleted), nameof(AccountPlanRevised), nameof(AccountPlanSignedOff), nameof(PlanObjectiveProgressMeasured),
        ]);
        var export = await Host.Scenario(x => x.Get.Url($"/api/accounts/{Account}/export?format=jsonl"));
        var exported = (await export.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!["type"]!.GetValue<string>()).Count(t => t.Contains("Plan", StringComparison.Ordinal));
        exported.ShouldBe(8);
    }

    [Fact]
    public async Task recorded_afterwards_and_day_by_day_the_plan_reads_the_same_on_every_business_date()
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
            answers[$"plan {on}"] = await Tellings.Answer(App, $"/api/plans/{Plan}?{on}");
            answers[$"plan version 1 {on}"] = await Tellings.Answer(App, $"/api/plans/{Plan}?planVersion=1&{on}");
            answers[$"progress {on}"] = await Tellings.Answer(App, $"/api/plans/{Plan}/progress?{on}");
            answers[$"plans {on}"] = await Tellings.Answer(App, $"/api/accounts/{Account}/plans?{on}");
            var view = JsonNode.Parse(await Tellings.Answer(App, $"/api/accounts/{Account}/view?{on}"))!;
            answers[$"view plans {on}"] = view["plans"]!.ToJsonString();
        }

        answers["differences"] = await Tellings.Answer(App, $"/api/plans/{Plan}/differences?from=1&to=2");
        return answers;
    }

    private async Task Post(string url, object body, int status = 200, string? caller = null) => await Tellings.Post(App, url, body, status, caller);
}
