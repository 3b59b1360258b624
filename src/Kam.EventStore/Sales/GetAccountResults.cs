using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

/// <summary>An account's results against targets for a period.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="On">The business date the results are of, when asked for: the facts dated by then, as they stood that day.</param>
/// <param name="AsOf">The recorded time the results are as of, when asked for: as our records stood then.</param>
/// <param name="Results">Budget, actual, attainment, forecast, pipeline, won and lost, win rate, concessions.</param>
public sealed record AccountResults(Guid AccountId, DateOnly? On, DateTimeOffset? AsOf, PeriodResults Results);

/// <summary>The results of the current period, as the account status shows them.</summary>
/// <param name="Period">The budget period (fiscal year) containing the date the status is of.</param>
/// <param name="Currency">The budget's currency.</param>
/// <param name="Budget">The revenue budgeted on the period.</param>
/// <param name="Actual">The revenue booked in it so far.</param>
/// <param name="AttainmentPercent">Actual against budget, in percent; null without a budget.</param>
/// <param name="Forecast">Actual plus the open pipeline of the period weighted by stage probability.</param>
/// <param name="ForecastAttainmentPercent">Forecast against budget, in percent; null without a budget.</param>
public sealed record SalesSummary(
    Period Period, string Currency, decimal Budget, decimal Actual, decimal? AttainmentPercent, decimal Forecast, decimal? ForecastAttainmentPercent)
{
    /// <summary>The results of the budget period containing <paramref name="on"/>; null when no budget covers that date.</summary>
    public static SalesSummary? Of(AccountSales? sales, DateOnly on, StageProbabilities probabilities)
    {
        if (sales is null || CurrentPeriod(sales, on) is not { } period)
        {
            return null;
        }

        var results = PeriodResults.Of(period, SalesFigures.Of(sales, period), probabilities);
        return new SalesSummary(period, results.Currency, results.Budget, results.Actual, results.AttainmentPercent, results.Forecast,
            results.ForecastAttainmentPercent);
    }

    /// <summary>The budget period (a fiscal year) containing the date: the earliest-starting one, when product lines differ.</summary>
    public static Period? CurrentPeriod(AccountSales sales, DateOnly on) =>
        sales.Budgets.Values.Where(b => b.Period.Contains(on)).OrderBy(b => b.Period.From).ThenBy(b => b.Period.To).Select(b => b.Period).FirstOrDefault();
}

public static class GetAccountResultsEndpoint
{
    /// <summary>An account's results against targets for a period: now, as recorded at an instant, or as they stood on a business date.</summary>
    /// <remarks>
    /// For the period <c>from</c>-<c>to</c> (default: the budget period, a fiscal year, containing <c>on</c> or today): the
    /// budget (the budgets' lines lying wholly inside the period: ask for a fiscal year, a quarter, a month), the actual (the
    /// actuals whose period lies inside it, as corrected), attainment, the forecast (actual plus the open opportunities expected
    /// to close in the period, weighted by the stage probabilities of configuration <c>Sales:StageProbabilities</c>), the
    /// opportunities won and lost in it (with the competitors lost to) and the win rate, and the concessions granted in it
    /// with their value where it can be computed. Amounts are in the period's budget currency (else the account's own); what is
    /// in another currency is counted apart. With <c>on</c>: the facts dated by then, as they stood that day (an actual booked
    /// later is not in it; an opportunity won later is still in the pipeline); with <c>asOf</c>: as recorded by then. Computed
    /// from the account's sales as kept by the projection (now) or by the whole-account view's checkpoints (then): no replay
    /// of the account's history.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="from">The first day of the period (with <c>to</c>).</param>
    /// <param name="to">The last day of the period (with <c>from</c>).</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as the facts stood that day.</param>
    [WolverineGet("/api/accounts/{accountId}/results", OperationId = "GetAccountResults")]
    [Tags("Sales")]
    [ProducesResponseType<AccountResults>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, IOptions<StageProbabilities> probabilities, DateTimeOffset now, CancellationToken cancellation,
        DateOnly? from = null, DateOnly? to = null, DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        var problem = ResultPeriods.Read(from, to, required: false, out var asked);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        if (await SalesReads.OfAccountAsync(session, accountId, asOf, on, now, cancellation) is not { } sales)
        {
            return Results.Problem(SalesReads.AccountNotFound(accountId, asOf, on, now));
        }

        var date = on ?? BusinessTime.Today(asOf is { } at && at < now ? at : now);
        if ((asked ?? SalesSummary.CurrentPeriod(sales, date)) is not { } period)
        {
            return Results.Problem(Problems.Make(StatusCodes.Status404NotFound, "no-budget-period", "No budget period.",
                $"No budget of the account covers {date:yyyy-MM-dd}: give the period (from and to)."));
        }

        return Results.Ok(new AccountResults(accountId, on, asOf is null ? null : History.PastViews.Instant(asOf, now),
            PeriodResults.Of(period, SalesFigures.Of(sales, period), probabilities.Value)));
    }
}

/// <summary>The period of a results query.</summary>
public static class ResultPeriods
{
    /// <summary><c>from</c> and <c>to</c> together (or neither, unless required), not reversed: 400 naming the field otherwise.</summary>
    public static ProblemDetails Read(DateOnly? from, DateOnly? to, bool required, out Period? period)
    {
        period = null;
        var errors = new FieldErrors();
        if (from is null != to is null || (required && from is null))
        {
            errors.Add(from is null ? "from" : "to", "Give the period's first and last day: from and to (YYYY-MM-DD).");
        }
        else if (from is { } first && to is { } last)
        {
            if (last < first)
            {
                errors.Add("to", $"Reversed: the period ends ({last:yyyy-MM-dd}) before it begins ({first:yyyy-MM-dd}).");
            }
            else
            {
                period = new Period(first, last);
            }
        }

        return errors.ToProblem();
    }
}
