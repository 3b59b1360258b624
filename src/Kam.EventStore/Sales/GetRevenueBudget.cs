using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

public static class GetRevenueBudgetEndpoint
{
    /// <summary>A revenue budget and its lineage: as it stands, as recorded at an instant, or in force on a business date.</summary>
    /// <remarks>
    /// The budget (period, currency, product line, breakdown and total in force, revision, who approved it) with an <c>ETag</c>,
    /// and every event of it: set, each revision with its reason and approver. With <c>on</c>: the revision in force that day
    /// (the latest dated by then); with <c>asOf</c>: as recorded by then. 404 when it had not been set (or recorded) by then.
    /// </remarks>
    /// <param name="budgetId">The budget.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): the revision in force that day.</param>
    [WolverineGet("/api/revenue-budgets/{budgetId}", OperationId = "GetRevenueBudget")]
    [Tags("Sales")]
    [ProducesResponseType<SalesRecord<RevenueBudget>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Get(
        Guid budgetId, IQuerySession session, HttpContext context, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null) =>
        SalesReads.RecordAsync<RevenueBudget>(session, context, user, budgetId, asOf, on, now, RevenueBudget.Advance, "Revenue budget", cancellation);
}
