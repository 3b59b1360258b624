using Kam.EventStore.Commitments;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Tests.Domain;

/// <summary>
/// Each hand-written fold names every account event: folded, or deliberately left alone. A new event type that no view
/// decides about fails here, instead of being dropped silently by a view that should have folded it.
/// </summary>
public sealed class FoldStepsTests
{
    private static IEnumerable<Type> AccountEvents() => typeof(IAccountEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IAccountEvent)));

    public static TheoryData<string> Folds() => new() { nameof(AccountStatusProjection), nameof(AccountRolesProjection) };

    private static (IReadOnlyCollection<Type> Folded, Func<Type, bool> Ignores) Of(string fold) => fold switch
    {
        nameof(AccountStatusProjection) => (AccountStatusProjection.Steps.Folded, AccountStatusProjection.Steps.Ignores),
        nameof(AccountRolesProjection) => (AccountRolesProjection.Steps.Folded, AccountRolesProjection.Steps.Ignores),
        _ => throw new ArgumentOutOfRangeException(nameof(fold)),
    };

    [Theory]
    [MemberData(nameof(Folds))]
    public void every_account_event_is_folded_or_deliberately_left_alone(string fold)
    {
        var (folded, ignores) = Of(fold);
        AccountEvents().Where(t => !folded.Contains(t) && !ignores(t)).Select(t => t.Name).ShouldBeEmpty($"{fold} must fold or ignore each of these");
        folded.Where(ignores).Select(t => t.Name).ShouldBeEmpty($"{fold} both folds and ignores these");
    }

    [Fact]
    public void a_commitment_folds_every_event_of_its_stream()
    {
        var commitmentEvents = AccountEvents().Where(t => t.IsAssignableTo(typeof(ICommitmentEvent))).ToList();
        commitmentEvents.Count.ShouldBeGreaterThan(10);
        Commitment.Steps.Folded.ShouldBe(commitmentEvents, ignoreOrder: true);
    }

    [Fact]
    public void an_event_without_a_step_leaves_the_view_as_it_was()
    {
        var steps = new FoldSteps<List<string>>().On<string>((e, v) => v.Add(e)).Ignore<IComparable>();
        var view = new List<string>();
        steps.Apply("a", view).ShouldBeSameAs(view);
        steps.Apply(42, view).ShouldBe(["a"]);
        steps.Ignores(typeof(int)).ShouldBeTrue("ignored by its family");
        steps.Ignores(typeof(Uri)).ShouldBeFalse();
    }
}
