using System.Text.Json.Serialization;

namespace Kam.EventStore.Sales;

// Each revenue budget is a stream of its own (one per account, period and product line); its events carry the account id,
// so account-wide views (results, timeline, export) group by it without lookups.

/// <summary>
/// The revenue budgeted on the account for a period (a fiscal year), broken down into its parts (quarters or months), in one
/// currency, optionally for one product line: what the KAM, as the account's seller, answers for.
/// </summary>
public sealed record RevenueBudgetSet(
    Guid AccountId,
    Guid BudgetId,
    Period Period,
    string Currency,
    string? ProductLine,
    IReadOnlyList<BudgetLine> Lines,
    decimal Total,
    string? ApprovedByPersonId,
    DateOnly SetOn,
    DateTimeOffset OccurredAt,
    string By) : IBudgetEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => SetOn;
}

/// <summary>
/// The budget was revised from <c>RevisedOn</c>: the whole new breakdown, the total before and after, why, and who approved
/// the revision. The revision in force on a date is the latest dated by then.
/// </summary>
public sealed record RevenueBudgetRevised(
    Guid AccountId,
    Guid BudgetId,
    int Revision,
    IReadOnlyList<BudgetLine> Lines,
    decimal Total,
    decimal PreviousTotal,
    string Reason,
    string ApprovedByPersonId,
    DateOnly RevisedOn,
    DateTimeOffset OccurredAt,
    string By) : IBudgetEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => RevisedOn;
}

/// <summary>One part of a budget: a quarter, a month or any part of the budget's period, and the revenue budgeted on it.</summary>
public sealed record BudgetLine
{
    public BudgetLine(Period period, decimal amount)
    {
        Period = period;
        Amount = amount;
    }

    [JsonConstructor]
    private BudgetLine()
    {
    }

    /// <summary>The part of the budget's period.</summary>
    [JsonRequired]
    public Period Period { get; init; } = null!;

    /// <summary>The revenue budgeted on it, in the budget's currency; not negative.</summary>
    /// <example>600000</example>
    [JsonRequired]
    public decimal Amount { get; init; }
}
