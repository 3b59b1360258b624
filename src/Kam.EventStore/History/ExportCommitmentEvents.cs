using Kam.EventStore.Commitments;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.History;

public static class ExportCommitmentEventsEndpoint
{
    /// <summary>Audit export: every event of one commitment, as JSON Lines or CSV.</summary>
    /// <remarks>
    /// The commitment stream's events in order, each exactly as stored with its provenance, in the same formats and columns
    /// as the account export (<c>format</c> or <c>Accept</c>, <c>asOf</c>).
    /// </remarks>
    /// <param name="commitmentId">The commitment.</param>
    /// <param name="format"><c>jsonl</c> or <c>csv</c>; wins over <c>Accept</c>.</param>
    /// <param name="asOf">Only events recorded at or before this time.</param>
    [WolverineGet("/api/commitments/{commitmentId}/export", OperationId = "ExportCommitmentEvents")]
    [Tags("History")]
    [ProducesResponseType<ExportedEvent>(StatusCodes.Status200OK, ExportRequest.JsonLinesMediaType, ExportRequest.CsvMediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid commitmentId, IQuerySession session, HttpRequest request, CancellationToken cancellation, string? format = null, DateTimeOffset? asOf = null)
    {
        var problem = ExportRequest.Read(format, request, out var chosen);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        if (await session.LoadAsync<Commitment>(commitmentId, cancellation) is null)
        {
            return Results.Problem(Problems.NotFound("Commitment", commitmentId));
        }

        var command = ExportQuery.Command(session, "e.stream_id = $1", commitmentId, asOf, "e.version");
        return new EventExport(session, chosen, $"commitment-{commitmentId}-events.{ExportAccountEventsEndpoint.Extension(chosen)}", command);
    }
}
