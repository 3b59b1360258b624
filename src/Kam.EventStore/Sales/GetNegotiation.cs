using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

/// <summary>A negotiation as it stands (or stood), our mandate for writers, and its lineage.</summary>
/// <param name="Negotiation">The negotiation: subject, negotiators, stakeholders, rounds, concessions, outcome.</param>
/// <param name="Mandate">Our opening position and walk-away limit; only for writers and above (absent for readers).</param>
/// <param name="Lineage">Every event, in order, with provenance (the mandate left out for readers).</param>
public sealed record NegotiationWithLineage(
    Negotiation Negotiation,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] NegotiationMandate? Mandate,
    IReadOnlyList<RecordedEvent> Lineage);

public static class GetNegotiationEndpoint
{
    /// <summary>A negotiation, its rounds and concessions, and its lineage: now, as recorded at an instant, or as it stood on a date.</summary>
    /// <remarks>
    /// The negotiation with an <c>ETag</c>: subject, the opportunity or renewal, negotiators, stakeholders, every round (what
    /// each side asked and offered), every concession (with the authority check of its offer, its approval, and the commitment
    /// it became) and the outcome; and every event of it. Our mandate (opening position, walk-away limit) is shown to writers
    /// and above only: for readers it is absent here and in the lineage. With <c>on</c>/<c>asOf</c> as everywhere.
    /// </remarks>
    /// <param name="negotiationId">The negotiation.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as it stood that day.</param>
    [WolverineGet("/api/negotiations/{negotiationId}", OperationId = "GetNegotiation")]
    [Tags("Sales")]
    [ProducesResponseType<NegotiationWithLineage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Get(
        Guid negotiationId, IQuerySession session, HttpContext context, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null) =>
        SalesReads.RecordAsync<Negotiation>(session, context, user, negotiationId, asOf, on, now, Negotiation.Advance, "Negotiation", cancellation,
            (negotiation, events) => new NegotiationWithLineage(
                negotiation,
                WritersOnly.CanSee(user) ? events.Select(e => e.Data).OfType<NegotiationOpened>().First().Mandate : null,
                [.. events.Select(e => RecordedEvent.From(e).ShownTo(user))]));
}
