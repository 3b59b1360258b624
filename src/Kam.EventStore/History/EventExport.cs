using System.Text.Json;
using Kam.EventStore.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.History;

/// <summary>
/// One event in an audit export, exactly as the store holds it, with its provenance. JSON Lines has one of these per
/// line; CSV one per row, in the same columns.
/// </summary>
/// <param name="Sequence">Its position in the whole store (global order of recording); the export's order.</param>
/// <param name="StreamId">The stream it belongs to: the account, a commitment, an interaction or a note.</param>
/// <param name="Version">Its position in that stream (1-based).</param>
/// <param name="Type">The stored event type name, e.g. <c>KeyAccountDesignated</c>.</param>
/// <param name="OccurredAt">When it happened in business time (the event's <c>OccurredAt</c>, as stored).</param>
/// <param name="RecordedAt">When the store recorded it.</param>
/// <param name="RecordedBy">Who recorded it (the authenticated caller).</param>
/// <param name="CorrelationId">The correlation id of the request that recorded it.</param>
/// <param name="CausationId">What caused it, when known.</param>
/// <param name="Data">The event's data exactly as stored (stored property names), as compact JSON.</param>
/// <param name="Headers">
/// Headers stored with the event, null when there are none; an event whose personal data was erased carries
/// <c>personal-data-erased-by</c> and <c>personal-data-erased-at</c>, so the export shows that its data was rewritten.
/// </param>
public sealed record ExportedEvent(
    long Sequence,
    Guid StreamId,
    long Version,
    string Type,
    DateTimeOffset? OccurredAt,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? CorrelationId,
    string? CausationId,
    JsonElement Data,
    JsonElement? Headers);

/// <summary>The two export formats.</summary>
public enum ExportFormat
{
    JsonLines,
    Csv,
}

/// <summary>What an export request asks for: the format, by the <c>format</c> query value or else its <c>Accept</c> header, and <c>asOf</c>.</summary>
public static class ExportRequest
{
    public const string JsonLinesMediaType = "application/x-ndjson";
    public const string CsvMediaType = "text/csv";

    /// <summary>
    /// <c>format</c> wins (<c>jsonl</c> or <c>csv</c>, any case); without it the <c>Accept</c> type of highest quality that
    /// names one of the formats; else JSON Lines. An unknown <c>format</c>, or an <c>asOf</c> that is not a time, is a 400
    /// naming it (Wolverine binds an unreadable <c>asOf</c> as null, which would silently export everything).
    /// </summary>
    public static ProblemDetails Read(string? format, DateTimeOffset? asOf, HttpRequest request, out ExportFormat chosen)
    {
        var errors = new FieldErrors();
        if (asOf is null && !string.IsNullOrEmpty(request.Query["asOf"]))
        {
            errors.Add("asOf", "Must be a time in ISO 8601, e.g. 2026-11-02T09:00:00Z.");
        }

        chosen = ExportFormat.JsonLines;
        switch (format?.ToLowerInvariant())
        {
            case "jsonl":
                break;
            case "csv":
                chosen = ExportFormat.Csv;
                break;
            case null:
                chosen = FromAccept(request);
                break;
            default:
                errors.Add("format", "Must be jsonl or csv.");
                break;
        }

        return errors.ToProblem();
    }

    private static ExportFormat FromAccept(HttpRequest request)
    {
        // Highest quality first (a stable sort keeps the client's order among equals); q=0 means "not this".
        foreach (var accepted in request.GetTypedHeaders().Accept.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1))
        {
            if (accepted.MediaType.Equals(JsonLinesMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return ExportFormat.JsonLines;
            }

            if (accepted.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return ExportFormat.Csv;
            }
        }

        return ExportFormat.JsonLines;
    }
}

/// <summary>
/// Streams the rows of an export query to the response as they are read: one forward-only query, each event written as it
/// arrives and the body flushed every few kilobytes, so memory stays flat however long the history is and a slow client
/// slows the read (the response pipe applies back pressure). The request's cancellation stops the query.
/// </summary>
/// <param name="session">The session the query runs on; it lives as long as the request.</param>
/// <param name="format">JSON Lines or CSV.</param>
/// <param name="fileName">The download's file name.</param>
/// <param name="sql">A query whose single column is one <see cref="ExportedEvent"/> as a JSON object (see <see cref="ExportQuery"/>).</param>
/// <param name="parameters">Its parameters.</param>
public sealed class EventExport(IQuerySession session, ExportFormat format, string fileName, string sql, object[] parameters) : IResult
{
    /// <summary>How many bytes may wait in the response buffer before they are sent on.</summary>
    private const int FlushEvery = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellation = httpContext.RequestAborted;
        await using var rows = session.AdvancedSql.StreamAsync<ExportedEvent>(sql, cancellation, parameters).GetAsyncEnumerator(cancellation);

        // The query runs and its first row arrives before anything is sent: a failure up to here (the database is down) is
        // still answered with a problem document. Once the body has started, a failure can only cut the response off, which
        // the client sees as an incomplete download (no final chunk), never as a complete file.
        var more = await rows.MoveNextAsync();

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format == ExportFormat.Csv
            ? $"{ExportRequest.CsvMediaType}; charset=utf-8; header=present"
            : $"{ExportRequest.JsonLinesMediaType}; charset=utf-8";
        // The names are ASCII (ids and an extension), so the plain filename parameter is all a client needs.
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        response.Headers.CacheControl = "no-store";

        var body = response.BodyWriter;
        using var writer = ExportWriter.For(format, body);
        writer.WriteHeader();
        while (more)
        {
            writer.Write(rows.Current);
            if (writer.Unflushed >= FlushEvery)
            {
                await Flush();
            }

            more = await rows.MoveNextAsync();
        }

        await Flush();

        async Task Flush()
        {
            writer.Unflushed = 0;
            await body.FlushAsync(cancellation);
        }
    }
}

/// <summary>The SQL of exports: the events table's columns shaped as one <see cref="ExportedEvent"/> per row.</summary>
public static class ExportQuery
{
    /// <summary>The select list and table; <c>e</c> is the events table. Property names as <see cref="ExportedEvent"/> spells them.</summary>
    public static string Select(IQuerySession session) =>
        $"""
        select json_build_object(
            'Sequence', e.seq_id, 'StreamId', e.stream_id, 'Version', e.version, 'Type', e.type,
            'OccurredAt', e.data -> 'OccurredAt', 'RecordedAt', e.timestamp, 'RecordedBy', e.user_name,
            'CorrelationId', e.correlation_id, 'CausationId', e.causation_id, 'Data', e.data, 'Headers', e.headers)
        from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events as e
        """;
}
