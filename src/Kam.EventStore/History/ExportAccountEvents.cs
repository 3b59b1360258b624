using Kam.EventStore.Portfolio;
using Kam.EventStore.Timeline;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.History;

public static class ExportAccountEventsEndpoint
{
    /// <summary>Audit export: every event of an account, from every stream of it, as JSON Lines or CSV.</summary>
    /// <remarks>
    /// The account stream's events and those of its commitments, interactions and notes (every event that carries the
    /// account's id), in global sequence order, each exactly as stored with its provenance: sequence, stream, version, type,
    /// business time (<c>occurredAt</c>), recorded time, recorded by, correlation and causation id, data and headers.
    /// <para>
    /// <c>format=jsonl</c> (one JSON object per line, <c>application/x-ndjson</c>, the default) or <c>format=csv</c> (RFC 4180
    /// with a header row, <c>text/csv</c>); without <c>format</c> the <c>Accept</c> header chooses. <c>asOf</c> exports what
    /// had been recorded by then (inclusive). Streamed from the database as it is read, so any size of history downloads in
    /// constant memory; the export is one consistent snapshot.
    /// </para>
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="format"><c>jsonl</c> or <c>csv</c>; wins over <c>Accept</c>.</param>
    /// <param name="asOf">Only events recorded at or before this time.</param>
    [WolverineGet("/api/accounts/{accountId}/export", OperationId = "ExportAccountEvents")]
    [Tags("History")]
    [ProducesResponseType<ExportedEvent>(StatusCodes.Status200OK, ExportRequest.JsonLinesMediaType, ExportRequest.CsvMediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, HttpRequest request, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellation,
        string? format = null, DateTimeOffset? asOf = null)
    {
        var problem = ExportRequest.Read(format, request, out var chosen);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        if (await session.LoadAsync<AccountStatus>(accountId, cancellation) is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        // Every account event, from any stream, has exactly one row in the account event index, carrying its global sequence.
        var command = ExportQuery.Command(session, $"e.seq_id in (select i.sequence from {AccountEventIndex.Table(session)} as i where i.account_id = $1)",
            accountId, asOf, "e.seq_id", user);
        return new EventExport(session, chosen, $"account-{accountId}-events.{Extension(chosen)}", command);
    }

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "jsonl";
}
