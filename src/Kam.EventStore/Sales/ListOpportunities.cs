using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class ListOpportunitiesEndpoint
{
    /// <summary>An account's opportunities: now, as recorded at an instant, or as they stood on a business date.</summary>
    /// <remarks>
    /// Each opportunity as it stands (stage, status, value, expected close, how it closed); with <c>on</c>, as the facts dated by
    /// then stood (opened later: absent; won later: still open at its stage then); with <c>asOf</c>, as recorded by then. Filter
    /// by <c>status</c> and <c>stage</c>. Keyset-paged in the order they were opened.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="status">Only this status.</param>
    /// <param name="stage">Only this stage.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as they stood that day.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/opportunities", OperationId = "ListOpportunities")]
    [Tags("Sales")]
    [ProducesResponseType<Page<Opportunity>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, OpportunityStatus? status = null,
        OpportunityStage? stage = null, DateTimeOffset? asOf = null, DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        if (await SalesReads.OfAccountAsync(session, accountId, asOf, on, now, cancellation) is not { } sales)
        {
            return Results.Problem(SalesReads.AccountNotFound(accountId, asOf, on, now));
        }

        var opportunities = sales.Opportunities.Values.Where(o => (status is null || o.Status == status) && (stage is null || o.Stage == stage));
        var problem = SalesReads.Page(opportunities, o => o.Id, cursor, limit, out var page);
        return Problems.Found(problem) ? Results.Problem(problem) : Results.Ok(page);
    }
}
