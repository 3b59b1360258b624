using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class ListNegotiationsEndpoint
{
    /// <summary>An account's negotiations with their rounds and concessions: now, as recorded at an instant, or on a business date.</summary>
    /// <remarks>
    /// Each negotiation as it stands (never its mandate: see <c>GET /api/negotiations/{negotiationId}</c>, writers only); with
    /// <c>on</c>/<c>asOf</c> as everywhere. Filter by <c>status</c>. Keyset-paged in the order they were opened.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="status">Only this status.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as they stood that day.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/negotiations", OperationId = "ListNegotiations")]
    [Tags("Sales")]
    [ProducesResponseType<Page<Negotiation>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, NegotiationStatus? status = null,
        DateTimeOffset? asOf = null, DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        if (await SalesReads.OfAccountAsync(session, accountId, asOf, on, now, cancellation) is not { } sales)
        {
            return Results.Problem(SalesReads.AccountNotFound(accountId, asOf, on, now));
        }

        var problem = SalesReads.Page(sales.Negotiations.Values.Where(n => status is null || n.Status == status), n => n.Id, cursor, limit, out var page);
        return Problems.Found(problem) ? Results.Problem(problem) : Results.Ok(page);
    }
}
