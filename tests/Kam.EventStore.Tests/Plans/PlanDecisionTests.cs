using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using static Kam.EventStore.Tests.Plans.PlanScenarios;

namespace Kam.EventStore.Tests.Plans;

/// <summary>The pure decisions of plans and projects, called directly: the comparison of versions, progress, the authority a change is checked as.</summary>
public sealed class PlanDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static PlanContent Content(IReadOnlyList<PlanObjectiveInput> objectives, IReadOnlyList<string> strategies, IReadOnlyList<PlanActionInput> actions,
        string title = "Plan") => PlanContentRules.Content(title, objectives, strategies, actions, Now);

    private static AccountPlan Plan(params PlanContent[] versions) => new(
        Guid.NewGuid(), Guid.NewGuid(), Anna, D(1, 1), D(12, 31, 2027), D(1, 12),
        [.. versions.Select((c, i) => new PlanVersion(i + 1, D(1, 12).AddDays(i), Now, i == 0 ? null : "Revised", "dev-user", c))], [], [], [], [], null, null, Now);

    [Fact]
    public void items_are_compared_by_id_field_by_field_and_strategies_by_their_text()
    {
        var before = Content(JanuaryObjectives, ["Keep it", "Reword me"], JanuaryActions);
        var after = Content(
            [JanuaryObjectives[0] with { Description = "Grow our share", DueOn = D(6, 30, 2027) }, JanuaryObjectives[1],
                Objective(Guid.Parse("0199b000-0000-7000-8000-0000000000a9"), "New one", "NPS", 10m, 40m, D(12, 31), ObjectiveOwner.Joint)],
            ["Keep it", "Reworded"],
            [JanuaryActions[0] with { OwnerPersonId = Ben }], title: "Plan 2");

        var difference = PlanDifferences.Between(Plan(before, after), 1, 2);

        difference.Title!.ShouldSatisfyAllConditions(t => t.Before!.GetValue<string>().ShouldBe("Plan"), t => t.After!.GetValue<string>().ShouldBe("Plan 2"));
        difference.Objectives.Added.Select(o => o.Description).ShouldBe(["New one"]);
        difference.Objectives.Removed.Select(o => o.ObjectiveId).ShouldBe([Sustainability]);
        var changed = difference.Objectives.Changed.ShouldHaveSingleItem();
        changed.Id.ShouldBe(ShareOfWallet);
        changed.Fields.Select(f => (f.Field, f.Before!.ToJsonString(), f.After!.ToJsonString())).ShouldBe(
            [("description", "\"Grow our share of their coated board purchases\"", "\"Grow our share\""), ("dueOn", "\"2027-12-31\"", "\"2027-06-30\"")]);
        difference.Actions.Changed.Single().Fields.Select(f => (f.Field, f.After!.GetValue<string>())).ShouldBe([("ownerPersonId", Ben)]);
        difference.Actions.Removed.Select(a => a.ActionId).ShouldBe([FibrePilot]);
        difference.Strategies.ShouldSatisfyAllConditions(s => s.Added.ShouldBe(["Reworded"]), s => s.Removed.ShouldBe(["Reword me"]));

        var same = PlanDifferences.Between(Plan(before, after), 1, 1);
        same.ShouldSatisfyAllConditions(d => d.Title.ShouldBeNull(), d => d.Objectives.Changed.ShouldBeEmpty(), d => d.Objectives.Added.ShouldBeEmpty(),
            d => d.Revisions.ShouldBeEmpty());
    }

    [Fact]
    public void progress_counts_from_the_baseline_towards_the_target_either_way()
    {
        var up = new PlanObjective(Guid.NewGuid(), "Up", "OTIF", "%", 88m, 95m, D(12, 31), ObjectiveOwner.Ours);
        var down = new PlanObjective(Guid.NewGuid(), "Down", "Complaints", null, 40m, 20m, D(12, 31), ObjectiveOwner.Ours);

        ObjectiveProgress.Of(up, [new ProgressMeasurement(up.ObjectiveId, 90m, D(3, 1), null)]).AttainmentPercent.ShouldBe(28.6m);
        ObjectiveProgress.Of(up, [new ProgressMeasurement(up.ObjectiveId, 85m, D(3, 1), null)]).AttainmentPercent.ShouldBe(-42.9m);
        ObjectiveProgress.Of(down, [new ProgressMeasurement(down.ObjectiveId, 25m, D(3, 1), null), new ProgressMeasurement(down.ObjectiveId, 20m, D(6, 1), null)])
            .ShouldSatisfyAllConditions(p => p.AttainmentPercent.ShouldBe(100m), p => p.Value.ShouldBe(20m), p => p.Measurements.Count.ShouldBe(2));
        ObjectiveProgress.Of(up, []).ShouldSatisfyAllConditions(p => p.Value.ShouldBeNull(), p => p.AttainmentPercent.ShouldBeNull());
    }

    [Fact]
    public void a_change_is_checked_as_the_commitment_it_amounts_to()
    {
        var budget = new Money(100_000m, "EUR");
        ChangeAuthority.KindOf(ChangeKind.Budget).ShouldBe(CommitmentKind.Resource);
        ChangeAuthority.KindOf(ChangeKind.Schedule).ShouldBe(CommitmentKind.DeliveryDate);
        ChangeAuthority.KindOf(ChangeKind.Scope).ShouldBe(CommitmentKind.FeatureOrRoadmap);
        ChangeAuthority.ValueOf(ChangeKind.Budget, new Money(140_000m, "EUR"), budget).ShouldBe(new Money(40_000m, "EUR"));
        ChangeAuthority.ValueOf(ChangeKind.Budget, new Money(80_000m, "EUR"), budget).ShouldBeNull("a cut commits nothing more");
        ChangeAuthority.ValueOf(ChangeKind.Schedule, null, budget).ShouldBeNull();

        var grant = new AuthorityGrant(D(1, 1), [new Money(20_000m, "EUR")], 0m, [CommitmentKind.Resource], "dana@example.com", "Lead", Now, "hr-admin");
        ChangeAuthority.Check("leo@example.com", grant, D(7, 15), ChangeKind.Budget, new Money(140_000m, "EUR"), budget)
            .ShouldSatisfyAllConditions(c => c.Within.ShouldBeFalse(), c => c.Approver.ShouldBe("dana@example.com"), c => c.MaxValue.ShouldBe(20_000m));
        ChangeAuthority.Check("leo@example.com", grant, D(7, 15), ChangeKind.Budget, new Money(110_000m, "EUR"), budget).Within.ShouldBeTrue();
        ChangeAuthority.Check("leo@example.com", grant, D(7, 15), ChangeKind.Scope, null, budget).Within.ShouldBeFalse("scope changes are not among Leo's kinds");
    }
}

/// <summary>Every event of a plan or project stream is one the plan's or the project's fold decides about.</summary>
public sealed class PlanAndProjectFoldTests
{
    private static IEnumerable<Type> Family<T>() => typeof(T).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(T)));

    [Fact]
    public void the_plan_and_project_families_hold_every_event_of_their_areas()
    {
        Family<IPlanEvent>().Select(t => t.Name).ShouldBe(
            ["AccountPlanDrafted", "AccountPlanRevised", "PlanObjectiveAgreed", "AccountPlanSignedOff", "PlanActionCompleted", "PlanActionDropped",
                "PlanObjectiveProgressMeasured", "AccountPlanClosed"], ignoreOrder: true);
        Family<IProjectEvent>().Count().ShouldBe(14);
        typeof(IAccountEvent).Assembly.GetTypes().Where(t => t.Namespace is "Kam.EventStore.Plans" or "Kam.EventStore.Projects")
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IAccountEvent)))
            .ShouldAllBe(t => t.IsAssignableTo(typeof(IPlanEvent)) || t.IsAssignableTo(typeof(IProjectEvent)));
    }
}
