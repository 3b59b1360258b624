using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class GetOpportunityEndpoint
{
    /// <summary>An opportunity and its lineage: now, as recorded at an instant, or as it stood on a business date.</summary>
    /// <remarks>
    /// The opportunity (title, value, expected close, products, owner, stakeholders, source, stage, status, and how it closed)
    /// with an <c>ETag</c>, and every event of it. With <c>on</c>: as the facts dated by then stood; with <c>asOf</c>: as recorded
    /// by then. 404 when it had not been opened (or recorded) by then.
    /// </remarks>
    /// <param name="opportunityId">The opportunity.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as it stood that day.</param>
    [WolverineGet("/api/opportunities/{opportunityId}", OperationId = "GetOpportunity")]
    [Tags("Sales")]
    [ProducesResponseType<SalesRecord<Opportunity>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Get(
        Guid opportunityId, IQuerySession session, HttpContext context, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null) =>
        SalesReads.RecordAsync<Opportunity>(session, context, user, opportunityId, asOf, on, now, Opportunity.Advance, "Opportunity", cancellation);
}
