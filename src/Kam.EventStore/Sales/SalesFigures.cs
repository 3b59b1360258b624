namespace Kam.EventStore.Sales;

/// <summary>
/// The figures of results that add up across accounts: what the projection keeps per account and period
/// (<see cref="SalesResultRow"/>), and what an account's results and a portfolio's are computed from. In the currency of the
/// period's budget (else the account's own); what is in another currency is counted apart, never converted.
/// </summary>
/// <param name="Currency">The currency every amount is in.</param>
/// <param name="Budget">The budget of the period: the budgets' lines lying wholly inside it (a budget's whole period, its quarters...).</param>
/// <param name="Actual">The actuals whose period lies wholly inside it, as corrected, counted in the currency.</param>
/// <param name="Pipeline">The open opportunities expected to close in the period, by stage.</param>
/// <param name="WonCount">Opportunities won in the period.</param>
/// <param name="WonValue">Their booked value.</param>
/// <param name="LostCount">Opportunities lost in the period.</param>
/// <param name="LostValue">Their value when lost.</param>
/// <param name="LostTo">Of those, the ones lost to each competitor.</param>
/// <param name="ConcessionsGranted">Concessions granted in the period.</param>
/// <param name="ConcessionValue">Their value, where it can be computed.</param>
/// <param name="ConcessionsWithoutValue">Of those, the ones whose value cannot be computed (payment terms, a discount without an opportunity value...).</param>
/// <param name="InOtherCurrencies">Opportunities and concessions of the period in another currency, left out of the amounts.</param>
public sealed record SalesFigures(
    string Currency,
    decimal Budget,
    decimal Actual,
    IReadOnlyList<StageFigures> Pipeline,
    int WonCount,
    decimal WonValue,
    int LostCount,
    decimal LostValue,
    IReadOnlyList<CompetitorLosses> LostTo,
    int ConcessionsGranted,
    decimal ConcessionValue,
    int ConcessionsWithoutValue,
    int InOtherCurrencies)
{
    public static SalesFigures Zero(string currency) => new(currency, 0, 0, [], 0, 0, 0, 0, [], 0, 0, 0, 0);

    /// <summary>The figures of one account for a period, from its sales as they stand (or stood: a past view's).</summary>
    public static SalesFigures Of(AccountSales sales, Period period)
    {
        var currency = sales.CurrencyOf(period);
        var other = 0;
        var open = sales.Opportunities.Values.Where(o => o.IsOpen && period.Contains(o.ExpectedCloseOn)).ToList();
        var won = sales.Opportunities.Values.Where(o => o.Status == OpportunityStatus.Won && o.ClosedOn is { } on && period.Contains(on)).ToList();
        var lost = sales.Opportunities.Values.Where(o => o.Status == OpportunityStatus.Lost && o.ClosedOn is { } on && period.Contains(on)).ToList();
        var granted = sales.Negotiations.Values.SelectMany(n => n.Concessions)
            .Where(c => c.Status == ConcessionStatus.Granted && c.ClosedOn is { } on && period.Contains(on)).ToList();
        other += open.Count(o => o.Value.Currency != currency) + won.Count(o => o.BookedValue!.Currency != currency) + lost.Count(o => o.Value.Currency != currency)
            + granted.Count(c => c.GrantedValue is { } v && v.Currency != currency);

        return new SalesFigures(
            currency,
            sales.Budgets.Values.Where(b => b.Currency == currency).Sum(b => b.AmountWithin(period)),
            sales.Actuals.Values.Where(a => a.Period.Within(period) && a.Converted.Currency == currency).Sum(a => a.Converted.Amount),
            [.. open.Where(o => o.Value.Currency == currency).GroupBy(o => o.Stage).OrderBy(g => g.Key)
                .Select(g => new StageFigures(g.Key, g.Count(), g.Sum(o => o.Value.Amount)))],
            won.Count(o => o.BookedValue!.Currency == currency),
            won.Where(o => o.BookedValue!.Currency == currency).Sum(o => o.BookedValue!.Amount),
            lost.Count(o => o.Value.Currency == currency),
            lost.Where(o => o.Value.Currency == currency).Sum(o => o.Value.Amount),
            [.. lost.Where(o => o.LostTo is not null && o.Value.Currency == currency).GroupBy(o => o.LostTo!, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => new CompetitorLosses(g.First().LostTo!, g.Count(), g.Sum(o => o.Value.Amount)))],
            granted.Count(c => c.GrantedValue is null || c.GrantedValue.Currency == currency),
            granted.Where(c => c.GrantedValue?.Currency == currency).Sum(c => c.GrantedValue!.Amount),
            granted.Count(c => c.GrantedValue is null),
            other);
    }

    /// <summary>The figures of several accounts together (all in this currency).</summary>
    public SalesFigures Add(SalesFigures other) => new(
        Currency,
        Budget + other.Budget,
        Actual + other.Actual,
        [.. Pipeline.Concat(other.Pipeline).GroupBy(s => s.Stage).OrderBy(g => g.Key).Select(g => new StageFigures(g.Key, g.Sum(s => s.Count), g.Sum(s => s.Value)))],
        WonCount + other.WonCount,
        WonValue + other.WonValue,
        LostCount + other.LostCount,
        LostValue + other.LostValue,
        [.. LostTo.Concat(other.LostTo).GroupBy(c => c.Competitor, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CompetitorLosses(g.First().Competitor, g.Sum(c => c.Count), g.Sum(c => c.Value)))],
        ConcessionsGranted + other.ConcessionsGranted,
        ConcessionValue + other.ConcessionValue,
        ConcessionsWithoutValue + other.ConcessionsWithoutValue,
        InOtherCurrencies + other.InOtherCurrencies);
}

/// <summary>The open opportunities at one stage.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Count">How many.</param>
/// <param name="Value">Their value.</param>
public sealed record StageFigures(OpportunityStage Stage, int Count, decimal Value);

/// <summary>Opportunities lost to one competitor.</summary>
/// <param name="Competitor">The competitor's name.</param>
/// <param name="Count">How many.</param>
/// <param name="Value">Their value.</param>
public sealed record CompetitorLosses(string Competitor, int Count, decimal Value);
