using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Plans;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Plans.PlanScenarios;

namespace Kam.EventStore.Tests.Plans;

/// <summary>Bad input to the plan area is a 4xx problem naming the field or rule, and appends nothing.</summary>
public sealed class PlanRulesTests(AppFixture app) : ApiTest(app)
{
    private sealed record Cast(Guid Account, Guid Paula, Guid Olli, Guid Stranger, Guid Plan);

    /// <summary>Anna's account (KAM since 1 February, Mikko her manager on it), Paula its CPO, Olli who left on 1 March, and another account's stakeholder.</summary>
    private async Task<Cast> Given_a_drafted_plan()
    {
        await Given.Person(Hanna, "Hanna Line-Manager");
        await Given.Person(Mikko, "Mikko Sales-Manager");
        await Given.Person(Ben, "Ben Lindqvist");
        await Given.Person(Anna, "Anna Virtanen", manager: Hanna);
        var account = await Given.KeyAccount();
        await Given.Kam(account, Anna, D(2, 1));
        await Given.Change(account, "account-manager/role-terms", new OrganiseKamRole { Role = KamRoleKind.Expert, ManagerPersonId = Mikko, SalesSharePercent = 50, EffectiveOn = D(2, 1) });
        var paula = await Given.Stakeholder(account, "Paula Niemi", D(2, 1), OrganisationLevel.Executive, title: "CPO");
        var olli = await Given.Stakeholder(account, "Olli Laine", D(2, 1), OrganisationLevel.Operational, BuyingRole.User, "Mill engineer");
        await Given.Change(account, $"stakeholders/{olli}/departure", new RecordStakeholderDeparture { EffectiveOn = D(3, 1), Reason = "Moved on" });
        var other = await Given.KeyAccount("Other Customer Oy");
        var stranger = await Given.Stakeholder(other, "Sam Stranger", D(2, 1));
        var plan = await Given.Plan(account, Draft(Guid.NewGuid()) with { DraftedOn = D(2, 10) });
        return new Cast(account, paula, olli, stranger, plan.PlanId);
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
    public async Task an_objective_without_a_metric_or_target_or_due_within_the_period_is_refused_naming_each_field()
    {
        var cast = await Given_a_drafted_plan();
        var bad = Draft(Guid.NewGuid()) with
        {
            Objectives =
            [
                JanuaryObjectives[0] with { Metric = null, Target = null },
                JanuaryObjectives[1] with { DueOn = D(12, 31, 2025) },
                JanuaryObjectives[2] with { DueOn = D(1, 1, 2028), Baseline = 500m },
            ],
            Actions = [JanuaryActions[0] with { DueOn = D(12, 1, 2025), ObjectiveId = Guid.NewGuid() }],
        };

        var problem = await Refused($"/api/accounts/{cast.Account}/plans", bad, 400);

        problem.Rule.ShouldBe("validation-failed");
        problem.Errors.Keys.ShouldBe(
            ["objectives[0].metric", "objectives[0].target", "objectives[1].dueOn", "objectives[2].target", "objectives[2].dueOn", "actions[0].dueOn", "actions[0].objectiveId"],
            ignoreOrder: true);
        problem.Errors["objectives[1].dueOn"].Single().ShouldContain("before the plan period");
        problem.Errors["objectives[2].dueOn"].Single().ShouldContain("after the plan period");
        (await Refused($"/api/accounts/{cast.Account}/plans", Draft(Guid.NewGuid()) with { Objectives = [], Actions = [] }, 400)).Errors.Keys.ShouldBe(["objectives"]);
        (await Refused($"/api/accounts/{cast.Account}/plans", Draft(Guid.NewGuid()) with { PeriodTo = D(12, 31, 2025) }, 400)).Errors.Keys.ShouldContain("periodTo");
        (await Refused($"/api/plans/{cast.Plan}/revisions", June with { Objectives = [JanuaryObjectives[0] with { Metric = " " }], Actions = [] }, 400))
            .Errors.Keys.ShouldBe(["objectives[0].metric"]);
    }

    [Fact]
    public async Task a_draft_names_an_existing_account_people_in_the_directory_and_a_new_id_and_is_not_dated_before_the_designation()
    {
        var cast = await Given_a_drafted_plan();

        (await Refused($"/api/accounts/{Guid.NewGuid()}/plans", Draft(Guid.NewGuid()), 404)).Rule.ShouldBe("not-found");
        (await Refused($"/api/accounts/{cast.Account}/plans", Draft(Guid.NewGuid()) with { AuthorPersonId = "nobody@example.com" }, 422)).Rule.ShouldBe("unknown-person");
        (await Refused($"/api/accounts/{cast.Account}/plans", Draft(cast.Plan), 409)).Rule.ShouldBe("duplicate-plan");
        (await Refused($"/api/accounts/{cast.Account}/plans", Draft(Guid.NewGuid()) with { DraftedOn = D(1, 10) }, 422)).Rule.ShouldBe("before-designation");
        (await Refused($"/api/accounts/{cast.Account}/plans", Draft(Guid.NewGuid()) with { DraftedOn = D(12, 1) }, 400)).Errors.Keys.ShouldBe(["draftedOn"]);
    }

    [Fact]
    public async Task the_customer_side_agrees_through_a_stakeholder_of_this_account_who_had_not_left_on_the_agreement_date()
    {
        var cast = await Given_a_drafted_plan();
        var agreements = $"/api/plans/{cast.Plan}/objectives/{ShareOfWallet}/agreements";

        (await Refused(agreements, new AgreePlanObjective { StakeholderId = cast.Stranger }, 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused(agreements, new AgreePlanObjective { StakeholderId = cast.Olli }, 422)).Rule.ShouldBe("stakeholder-left");
        (await Refused(agreements, new AgreePlanObjective { StakeholderId = Guid.NewGuid() }, 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused(agreements, new AgreePlanObjective(), 400)).Errors.Keys.ShouldBe(["stakeholderId"]);
        (await Refused($"/api/plans/{cast.Plan}/objectives/{Guid.NewGuid()}/agreements", new AgreePlanObjective { StakeholderId = cast.Paula }, 404)).Rule.ShouldBe("not-found");
        (await Refused(agreements, new AgreePlanObjective { StakeholderId = cast.Paula, AgreedOn = D(2, 9) }, 422)).Rule.ShouldBe("out-of-order");
        (await Refused(agreements, new AgreePlanObjective { StakeholderId = cast.Paula, InteractionId = Guid.NewGuid() }, 422)).Rule.ShouldBe("unknown-interaction");

        // Before he left, Olli could agree; and nobody agrees twice to the same version.
        await Given.OnPlan(cast.Plan, $"objectives/{ShareOfWallet}/agreements", new AgreePlanObjective { StakeholderId = cast.Olli, AgreedOn = D(2, 20) });
        await Given.OnPlan(cast.Plan, $"objectives/{ShareOfWallet}/agreements", new AgreePlanObjective { StakeholderId = cast.Paula });
        (await Refused(agreements, new AgreePlanObjective { StakeholderId = cast.Paula }, 409)).Rule.ShouldBe("already-agreed");
    }

    [Fact]
    public async Task the_plan_is_signed_off_by_the_kams_manager_never_by_its_author_once_per_version()
    {
        var cast = await Given_a_drafted_plan();
        var signOff = $"/api/plans/{cast.Plan}/sign-off";

        (await Refused(signOff, new SignOffAccountPlan(), 422, Anna)).Rule.ShouldBe("self-sign-off");
        (await Refused(signOff, new SignOffAccountPlan(), 422, Hanna)).Rule.ShouldBe("not-kams-manager");
        (await Refused(signOff, new SignOffAccountPlan(), 422, "stranger@example.com")).Rule.ShouldBe("unknown-person");
        (await Refused(signOff, new SignOffAccountPlan { OccurredAt = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero) }, 422, Mikko)).Rule.ShouldBe("out-of-order");
        var forbidden = await Given.Refused(x =>
        {
            x.Post.Json(new SignOffAccountPlan()).ToUrl(signOff);
            x.As(Mikko, Roles.Writer);
        }, 403);
        forbidden.Rule.ShouldBe("forbidden");

        var signed = await Given.OnPlan(cast.Plan, "sign-off", new SignOffAccountPlan(), Mikko);
        signed.ShouldSatisfyAllConditions(s => s.Status.ShouldBe(PlanStatus.SignedOff), s => s.PlanVersion.ShouldBe(1), s => s.BusinessTimeDefaulted.ShouldBeTrue());
        (await Refused(signOff, new SignOffAccountPlan(), 409, Mikko)).Rule.ShouldBe("already-signed-off");
    }

    [Fact]
    public async Task without_a_manager_in_the_kam_roles_organisation_the_directory_line_manager_signs_off()
    {
        await Given.Person(Hanna, "Hanna Line-Manager");
        await Given.Person(Anna, "Anna Virtanen", manager: Hanna);
        await Given.Person(Ben, "Ben Lindqvist");
        var account = await Given.KeyAccount();
        var draft = Draft(Guid.NewGuid()) with { DraftedOn = D(2, 10) };
        var plan = (await Given.Plan(account, draft)).PlanId;

        (await Refused($"/api/plans/{plan}/sign-off", new SignOffAccountPlan(), 422, Hanna)).Rule.ShouldBe("no-account-manager");
        await Given.Kam(account, Ben, D(2, 1));
        (await Refused($"/api/plans/{plan}/sign-off", new SignOffAccountPlan(), 422, Hanna)).Rule.ShouldBe("no-kam-manager");
        await Given.Change(account, "account-manager/handovers", new HandOverAccount { ToPersonId = Anna, EffectiveOn = D(3, 1), HandoverNote = "Plan drafted" });

        await Given.OnPlan(plan, "sign-off", new SignOffAccountPlan(), Hanna);
        (await Given.PlanView(plan)).SignOffs.ShouldBe([new PlanSignOff(1, Hanna, Anna, ManagerSource.Directory, PeopleScenarios.Today, null)]);
    }

    [Fact]
    public async Task revisions_actions_progress_and_closure_follow_their_rules()
    {
        var cast = await Given_a_drafted_plan();
        var plan = cast.Plan;

        (await Refused($"/api/plans/{plan}/revisions", new ReviseAccountPlan
        {
            Objectives = JanuaryObjectives, Strategies = Draft(plan).Strategies, Actions = JanuaryActions, Reason = "No change really",
        }, 422)).Rule.ShouldBe("nothing-changed");
        (await Refused($"/api/plans/{plan}/revisions", June with { Reason = "" }, 400)).Errors.Keys.ShouldBe(["reason"]);
        (await Refused($"/api/plans/{plan}/revisions", June with { Actions = [JanuaryActions[1] with { OwnerPersonId = "ghost@example.com", ObjectiveId = null }] }, 422))
            .Rule.ShouldBe("unknown-person");
        (await Refused($"/api/plans/{plan}/revisions", June with { Version = 7 }, 409)).Rule.ShouldBe("version-conflict");
        (await Refused($"/api/plans/{Guid.NewGuid()}/revisions", June, 404)).Rule.ShouldBe("not-found");

        (await Refused($"/api/plans/{plan}/actions/{Guid.NewGuid()}/completion", new CompletePlanAction(), 404)).Rule.ShouldBe("not-found");
        (await Refused($"/api/plans/{plan}/actions/{FibrePilot}/dropping", new DropPlanAction(), 400)).Errors.Keys.ShouldBe(["reason"]);
        await Given.OnPlan(plan, $"actions/{FibrePilot}/dropping", new DropPlanAction { Reason = "No mill slot this year" });
        (await Refused($"/api/plans/{plan}/actions/{FibrePilot}/completion", new CompletePlanAction(), 409)).Rule.ShouldBe("action-closed");

        (await Refused($"/api/plans/{plan}/objectives/{OnTimeDelivery}/progress", new MeasureObjectiveProgress(), 400)).Errors.Keys.ShouldBe(["value"]);
        (await Refused($"/api/plans/{plan}/objectives/{Guid.NewGuid()}/progress", new MeasureObjectiveProgress { Value = 1m }, 404)).Rule.ShouldBe("not-found");

        // After the revision dropped it, the sustainability objective takes no more progress or agreements.
        await Given.OnPlan(plan, "revisions", June);
        (await Refused($"/api/plans/{plan}/objectives/{Sustainability}/progress", new MeasureObjectiveProgress { Value = 10m }, 404)).Rule.ShouldBe("not-found");

        await Given.OnPlan(plan, "closure", new CloseAccountPlan { Reason = "Replaced by the 2027-2028 plan" });
        (await Refused($"/api/plans/{plan}/revisions", June with { Reason = "Late change" }, 409)).Rule.ShouldBe("plan-closed");
        (await Refused($"/api/plans/{plan}/objectives/{OnTimeDelivery}/progress", new MeasureObjectiveProgress { Value = 91m }, 409)).Rule.ShouldBe("plan-closed");
        (await Given.PlanView(plan)).Status.ShouldBe(PlanStatus.Closed);
    }

    [Fact]
    public async Task reads_refuse_versions_and_dates_that_did_not_exist()
    {
        var cast = await Given_a_drafted_plan();

        (await Host.Scenario(x => { x.Get.Url($"/api/plans/{cast.Plan}?planVersion=2"); x.StatusCodeShouldBe(404); })).Context.Response.StatusCode.ShouldBe(404);
        await Host.Scenario(x => { x.Get.Url($"/api/plans/{cast.Plan}?planVersion=0"); x.StatusCodeShouldBe(400); });
        await Host.Scenario(x => { x.Get.Url($"/api/plans/{cast.Plan}?on=2026-02-09"); x.StatusCodeShouldBe(404); });
        await Host.Scenario(x => { x.Get.Url($"/api/plans/{Guid.NewGuid()}"); x.StatusCodeShouldBe(404); });
        var problem = await (await Host.Scenario(x => { x.Get.Url($"/api/plans/{cast.Plan}/differences?from=1&to=3"); x.StatusCodeShouldBe(400); })).Problem();
        problem.Errors.Keys.ShouldBe(["to"]);
        (await Host.GetAsJson<PlanDifference>($"/api/plans/{cast.Plan}/differences"))!.ShouldSatisfyAllConditions(d => d.From.ShouldBe(1), d => d.To.ShouldBe(1));
    }
}
