using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class GetRevenueActualEndpoint
{
    /// <summary>A revenue actual and its lineage: the figure as it stands (or stood), and each correction with what it replaced.</summary>
    /// <remarks>
    /// The actual (period, amount, rate, the amount counted in the budget's currency, source, batch) with an <c>ETag</c>, and
    /// every event of it. With <c>on</c>: the figure as known that day (corrections dated by then); with <c>asOf</c>: as recorded
    /// by then. 404 when it had not been booked (or recorded) by then.
    /// </remarks>
    /// <param name="actualId">The actual.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as known that day.</param>
    [WolverineGet("/api/revenue-actuals/{actualId}", OperationId = "GetRevenueActual")]
    [Tags("Sales")]
    [ProducesResponseType<SalesRecord<RevenueActual>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Get(
        Guid actualId, IQuerySession session, HttpContext context, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null) =>
        SalesReads.RecordAsync<RevenueActual>(session, context, user, actualId, asOf, on, now, RevenueActual.Advance, "Revenue actual", cancellation);
}
