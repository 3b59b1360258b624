using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class ListRevenueBudgetsEndpoint
{
    /// <summary>An account's revenue budgets in force: now, as recorded at an instant, or on a business date.</summary>
    /// <remarks>
    /// Each budget with the breakdown and total in force: now; with <c>on</c>, the revision in force that day (budgets set after
    /// it are absent); with <c>asOf</c>, as recorded by then. <c>periodOn</c> keeps the budgets whose period contains that date.
    /// Keyset-paged in the order they were set.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="periodOn">Only budgets whose period contains this date (YYYY-MM-DD).</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): in force that day.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/revenue-budgets", OperationId = "ListRevenueBudgets")]
    [Tags("Sales")]
    [ProducesResponseType<Page<RevenueBudget>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, DateOnly? periodOn = null, DateTimeOffset? asOf = null,
        DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        if (await SalesReads.OfAccountAsync(session, accountId, asOf, on, now, cancellation) is not { } sales)
        {
            return Results.Problem(SalesReads.AccountNotFound(accountId, asOf, on, now));
        }

        var problem = SalesReads.Page(sales.Budgets.Values.Where(b => periodOn is not { } d || b.Period.Contains(d)), b => b.Id, cursor, limit, out var page);
        return Problems.Found(problem) ? Results.Problem(problem) : Results.Ok(page);
    }
}
