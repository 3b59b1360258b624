using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class ListRevenueActualsEndpoint
{
    /// <summary>An account's revenue actuals, as corrected: now, as recorded at an instant, or as known on a business date.</summary>
    /// <remarks>
    /// Each actual with its figure as it stands (with <c>on</c>: as known that day, corrections dated later not applied and
    /// actuals booked later absent; with <c>asOf</c>: as recorded by then). <c>from</c>/<c>to</c> keep the actuals whose period
    /// lies wholly inside them. Keyset-paged in the order they were recorded.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="from">Only actuals whose period starts on or after this date.</param>
    /// <param name="to">Only actuals whose period ends on or before this date.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as known that day.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/revenue-actuals", OperationId = "ListRevenueActuals")]
    [Tags("Sales")]
    [ProducesResponseType<Page<RevenueActual>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, DateOnly? from = null, DateOnly? to = null,
        DateTimeOffset? asOf = null, DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        if (await SalesReads.OfAccountAsync(session, accountId, asOf, on, now, cancellation) is not { } sales)
        {
            return Results.Problem(SalesReads.AccountNotFound(accountId, asOf, on, now));
        }

        var actuals = sales.Actuals.Values.Where(a => (from is null || a.Period.From >= from) && (to is null || a.Period.To <= to));
        var problem = SalesReads.Page(actuals, a => a.Id, cursor, limit, out var page);
        return Problems.Found(problem) ? Results.Problem(problem) : Results.Ok(page);
    }
}
