using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Sales;

/// <summary>
/// A revenue budget as it stands: the write model of a budget stream, and the budget as the account's sales views show it.
/// Immutable: <c>Create</c> and <c>Apply</c> return a new value.
/// </summary>
/// <param name="Id">The budget (its stream id).</param>
/// <param name="AccountId">The account.</param>
/// <param name="Period">The period budgeted (a fiscal year).</param>
/// <param name="Currency">The budget's currency: actuals of its period are counted in it.</param>
/// <param name="ProductLine">The product line, when the budget is for one.</param>
/// <param name="Lines">The breakdown in force.</param>
/// <param name="Total">The total in force.</param>
/// <param name="Revision">0 as set; 1, 2... after each revision.</param>
/// <param name="SetOn">The business date it was set.</param>
/// <param name="RevisedOn">The business date of the revision in force, if revised.</param>
/// <param name="RevisionReason">Why it was last revised.</param>
/// <param name="ApprovedByPersonId">Who approved the budget in force (the revision's approver once revised).</param>
/// <param name="LastFactAt">The business time of its latest fact: a revision may not precede it.</param>
[DuplicateRule("duplicate-budget")]
public sealed record RevenueBudget(
    Guid Id,
    Guid AccountId,
    Period Period,
    string Currency,
    string? ProductLine,
    IReadOnlyList<BudgetLine> Lines,
    decimal Total,
    int Revision,
    DateOnly SetOn,
    DateOnly? RevisedOn,
    string? RevisionReason,
    string? ApprovedByPersonId,
    DateTimeOffset LastFactAt) : IWriteModel<SalesWritten>
{
    /// <summary>The budget stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    public static RevenueBudget Create(RevenueBudgetSet e) =>
        new(e.BudgetId, e.AccountId, e.Period, e.Currency, e.ProductLine, e.Lines, e.Total, 0, e.SetOn, null, null, e.ApprovedByPersonId, BusinessTime.Of(e));

    public RevenueBudget Apply(RevenueBudgetRevised e) => this with
    {
        Lines = e.Lines, Total = e.Total, Revision = e.Revision, RevisedOn = e.RevisedOn, RevisionReason = e.Reason,
        ApprovedByPersonId = e.ApprovedByPersonId, LastFactAt = BusinessTime.Of(e),
    };

    /// <summary>A budget always takes revisions (the account's own history is checked by the command).</summary>
    public ProblemDetails? Closed() => null;

    public SalesWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var after = appended.Aggregate(this, (state, e) => Advance(state, e)!);
        var (at, defaulted) = SalesWritten.TimeOf(appended, now);
        return new SalesWritten(Id, version, at, defaulted, $"Revision {after.Revision}");
    }

    /// <summary>The budget amount of the lines lying wholly inside <paramref name="period"/>.</summary>
    public decimal AmountWithin(Period period) => Period.Within(period) ? Total : Lines.Where(l => l.Period.Within(period)).Sum(l => l.Amount);

    /// <summary>One event onto the budget (null before it was set); events it does not know leave it as it is.</summary>
    public static RevenueBudget? Advance(RevenueBudget? state, object e) => (e, state) switch
    {
        (RevenueBudgetSet set, _) => Create(set),
        (_, null) => null,
        (RevenueBudgetRevised x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };
}
