using Kam.EventStore.Commitments;

namespace Kam.EventStore.Projects;

/// <summary>
/// How a change request is checked against authority with the rule commitments follow (<see cref="AuthorityChecks"/>): a change to a
/// joint project commits our company to the customer much as a promise does, so it is checked as the commitment it amounts to.
/// <list type="bullet">
/// <item>A budget change is a <c>Resource</c> commitment (people, time or money put at the customer's disposal) worth the increase
/// over the budget in force, in the budget's currency: the grant's limit in that currency applies, and a grant with no limit in it
/// does not cover it (there is no conversion between currencies). A budget cut commits nothing more: only the kind is checked.</item>
/// <item>A schedule change (a milestone's new date) is a <c>DeliveryDate</c> commitment, with no value.</item>
/// <item>A scope change (what the project delivers) is a <c>FeatureOrRoadmap</c> commitment, with no value.</item>
/// </list>
/// </summary>
public static class ChangeAuthority
{
    /// <summary>The commitment kind a change of <paramref name="kind"/> is checked as.</summary>
    public static CommitmentKind KindOf(ChangeKind kind) => kind switch
    {
        ChangeKind.Budget => CommitmentKind.Resource,
        ChangeKind.Schedule => CommitmentKind.DeliveryDate,
        _ => CommitmentKind.FeatureOrRoadmap,
    };

    /// <summary>The value a change commits, given the budget in force: a budget increase, else none.</summary>
    public static Money? ValueOf(ChangeKind kind, Money? newBudget, Money budget) =>
        kind == ChangeKind.Budget && newBudget is { } asked && asked.Currency == budget.Currency && asked.Amount > budget.Amount
            ? new Money(asked.Amount - budget.Amount, budget.Currency)
            : null;

    /// <summary>A person's authority for a change, on a date.</summary>
    public static AuthorityCheck Check(string personId, People.AuthorityGrant? grant, DateOnly on, ChangeKind kind, Money? newBudget, Money budget) =>
        AuthorityChecks.Check(personId, grant, on, KindOf(kind), ValueOf(kind, newBudget, budget), null);
}
