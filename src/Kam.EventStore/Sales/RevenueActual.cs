using Kam.EventStore.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Sales;

/// <summary>
/// Revenue booked on an account for a period, as it stands after any corrections: the write model of an actual's stream, and
/// the actual as the account's sales views show it. Immutable.
/// </summary>
/// <param name="Id">The actual (its stream id).</param>
/// <param name="AccountId">The account.</param>
/// <param name="Period">The period the revenue was booked for.</param>
/// <param name="ProductLine">The product line, when reported for one.</param>
/// <param name="Amount">The amount in its own currency, as it stands.</param>
/// <param name="Rate">The rate it was counted at (budget currency per unit of its own), when its currency is another.</param>
/// <param name="Converted">The amount counted in the period's budget currency.</param>
/// <param name="Source">Where the figure came from, e.g. the ERP invoice batch.</param>
/// <param name="BatchId">The batch it was recorded in, when recorded in bulk.</param>
/// <param name="BookedOn">When the figure became known (business date).</param>
/// <param name="Corrections">How many times it was corrected.</param>
/// <param name="CorrectionReason">Why it was last corrected.</param>
/// <param name="LastFactAt">The business time of its latest fact: a correction may not precede it.</param>
[DuplicateRule("duplicate-actual")]
public sealed record RevenueActual(
    Guid Id,
    Guid AccountId,
    Period Period,
    string? ProductLine,
    Money Amount,
    decimal? Rate,
    Money Converted,
    string Source,
    Guid? BatchId,
    DateOnly BookedOn,
    int Corrections,
    string? CorrectionReason,
    DateTimeOffset LastFactAt) : IWriteModel<SalesWritten>
{
    /// <summary>The actual stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    public static RevenueActual Create(RevenueActualRecorded e) =>
        new(e.ActualId, e.AccountId, e.Period, e.ProductLine, e.Amount, e.Rate, e.Converted, e.Source, e.BatchId, e.BookedOn, 0, null, BusinessTime.Of(e));

    public RevenueActual Apply(RevenueActualCorrected e) => this with
    {
        Amount = e.Amount, Rate = e.Rate, Converted = e.Converted, Source = e.Source, Corrections = Corrections + 1, CorrectionReason = e.Reason,
        LastFactAt = BusinessTime.Of(e),
    };

    /// <summary>An actual always takes corrections (the account's own history is checked by the command).</summary>
    public ProblemDetails? Closed() => null;

    public SalesWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var (at, defaulted) = SalesWritten.TimeOf(appended, now);
        return new SalesWritten(Id, version, at, defaulted);
    }

    /// <summary>One event onto the actual (null before it was recorded).</summary>
    public static RevenueActual? Advance(RevenueActual? state, object e) => (e, state) switch
    {
        (RevenueActualRecorded recorded, _) => Create(recorded),
        (_, null) => null,
        (RevenueActualCorrected x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };
}

/// <summary>The rules of an actual, shared by recording one, recording a batch and correcting one.</summary>
public static class ActualRules
{
    /// <summary>The field rules of an actual's figure: a non-negative amount in a known currency, a positive rate.</summary>
    public static FieldErrors Figure(this FieldErrors errors, string prefix, Money? amount, decimal? rate)
    {
        errors.Money($"{prefix}amount", amount, required: true);
        if (rate is <= 0)
        {
            errors.Add($"{prefix}rate", "Must be above 0: units of the budget's currency per unit of the amount's.");
        }

        return errors;
    }

    /// <summary>
    /// The currency rule: an amount in another currency than <paramref name="currency"/> (the period's budget currency) needs a
    /// rate (422 <c>rate-required</c>); one in that currency takes none (422 <c>rate-not-applicable</c>).
    /// </summary>
    public static ProblemDetails Currency(string field, Money amount, decimal? rate, string currency) => (amount.Currency == currency, rate) switch
    {
        (false, null) => Problems.Rule("rate-required",
            $"{field}: the amount is in {amount.Currency} but the period's budget is in {currency}; give the rate ({currency} per {amount.Currency})."),
        (true, not null) => Problems.Rule("rate-not-applicable", $"{field}: the amount is in {currency}, the period's budget currency; leave the rate out."),
        _ => Problems.None,
    };

    /// <summary>
    /// A new actual of the account: the account open and designated by <paramref name="bookedOn"/>; no other actual of the
    /// account and product line overlapping the period (422 <c>overlapping-period</c>: correct that one instead); the currency rule.
    /// </summary>
    public static ProblemDetails New(
        string prefix, Guid accountId, KeyAccount? account, AccountSales? sales, Period period, string? productLine, Money amount, decimal? rate,
        DateOnly bookedOn)
    {
        var problem = SalesRules.OnOpenAccount(account, accountId, $"{prefix}bookedOn", bookedOn);
        if (Problems.Found(problem) || sales is null)
        {
            return problem;
        }

        var overlapping = sales.Actuals.Values.FirstOrDefault(a => a.ProductLine == productLine && a.Period.Overlaps(period));
        return overlapping is not null
            ? Problems.Rule("overlapping-period",
                $"{prefix}period: overlaps the actual {overlapping.Id} for {overlapping.Period} from {overlapping.Source}; correct that one instead.")
            : Currency($"{prefix}amount.currency", amount, rate, sales.CurrencyOf(period));
    }

    /// <summary>The amount counted in <paramref name="currency"/>, at the rate (to the cent).</summary>
    public static Money Convert(Money amount, decimal? rate, string currency) =>
        rate is { } r ? new Money(Math.Round(amount.Amount * r, 2, MidpointRounding.AwayFromZero), currency) : amount;
}
