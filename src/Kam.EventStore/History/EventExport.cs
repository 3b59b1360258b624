using System.Data.Common;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Kam.EventStore.History;

/// <summary>
/// One event in an audit export, exactly as the store holds it, with its provenance. JSON Lines has one of these per
/// line, with <c>data</c> and <c>headers</c> as JSON values; CSV one per row, in the same columns, with them as JSON text.
/// </summary>
/// <param name="Sequence">Its position in the whole store (global order of recording); the export's order.</param>
/// <param name="StreamId">The stream it belongs to: the account, a commitment, an interaction or a note.</param>
/// <param name="Version">Its position in that stream (1-based).</param>
/// <param name="Type">The stored event type name, e.g. <c>KeyAccountDesignated</c>.</param>
/// <param name="OccurredAt">
/// When it happened in business time (ISO 8601), for every event type: the event's <c>OccurredAt</c>, or the start of its own
/// business date (<c>effectiveOn</c>, <c>madeOn</c>, <c>fulfilledOn</c>...) when that lies on another day.
/// </param>
/// <param name="RecordedAt">When the store recorded it.</param>
/// <param name="RecordedBy">Who recorded it (the authenticated caller).</param>
/// <param name="CorrelationId">The correlation id of the request that recorded it.</param>
/// <param name="CausationId">What caused it, when known.</param>
/// <param name="Data">The event's data as stored, as compact JSON, with camelCase property names as everywhere in the API.</param>
/// <param name="Headers">
/// Headers stored with the event as compact JSON, null when there are none; an event whose personal data was erased
/// carries <c>personal-data-erased-by</c> and <c>personal-data-erased-at</c>, so the export shows that its data was rewritten.
/// </param>
public sealed record ExportedEvent(
    long Sequence,
    Guid StreamId,
    long Version,
    string Type,
    string? OccurredAt,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? CorrelationId,
    string? CausationId,
    string Data,
    string? Headers);

/// <summary>The two export formats.</summary>
public enum ExportFormat
{
    JsonLines,
    Csv,
}

/// <summary>What an export request asks for: the format, by the <c>format</c> query value or else its <c>Accept</c> header.</summary>
public static class ExportRequest
{
    public const string JsonLinesMediaType = "application/x-ndjson";
    public const string CsvMediaType = "text/csv";

    /// <summary>
    /// <c>format</c> wins (<c>jsonl</c> or <c>csv</c>, any case); without it the <c>Accept</c> type of highest quality that
    /// names one of the formats; else JSON Lines. An unknown <c>format</c> is a 400 naming it.
    /// </summary>
    public static ProblemDetails Read(string? format, HttpRequest request, out ExportFormat chosen)
    {
        // An asOf that is not a time never gets here: StrictQueryParameters refuses it for every endpoint.
        var errors = new FieldErrors();
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
/// Streams the rows of an export query to the response as they are read: one forward-only query on the session's
/// connection, each event written as it arrives and the body flushed every few kilobytes, so memory stays flat however long
/// the history is, and a slow client slows the read (the response pipe applies back pressure). A client that goes away
/// cancels the query in PostgreSQL.
/// </summary>
/// <param name="session">The session whose connection runs the query; it lives as long as the request.</param>
/// <param name="format">JSON Lines or CSV.</param>
/// <param name="fileName">The download's file name.</param>
/// <param name="command">The query: <see cref="ExportQuery.Select"/> with its filter, order and positional parameters.</param>
public sealed class EventExport(IQuerySession session, ExportFormat format, string fileName, NpgsqlCommand command) : IResult
{
    /// <summary>How many bytes may wait in the response buffer before they are sent on.</summary>
    private const int FlushEvery = 16 * 1024;

    /// <summary>True once the client stopped reading (its connection closed): the query is then cancelled.</summary>
    private bool _clientGone;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var aborted = httpContext.RequestAborted;
        try
        {
            await using (command)
            {
                // Cancelling the command makes PostgreSQL stop the query; without it, closing the reader would first read
                // every remaining row.
                await using var cancel = aborted.Register(command.Cancel);
                await StreamAsync(httpContext.Response, aborted);
            }
        }
        catch (Exception) when (_clientGone || aborted.IsCancellationRequested)
        {
            // The client went away mid-download: there is nobody to answer, and the query is cancelled.
        }
    }

    private async Task StreamAsync(HttpResponse response, CancellationToken aborted)
    {
        await using var reader = await session.ExecuteReaderAsync(command, aborted);

        // The query runs and its first row arrives before anything is sent: a failure up to here (the database is down) is
        // still answered with a problem document. Once the body has started, a failure can only cut the response off, which
        // the client sees as an incomplete download (no final chunk), never as a complete file.
        var more = await reader.ReadAsync(aborted);

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
            writer.Write(ExportQuery.Read(reader));
            if (writer.Unflushed >= FlushEvery && !await FlushAsync())
            {
                return;
            }

            more = await reader.ReadAsync(aborted);
        }

        await FlushAsync();

        // Kestrel reports a closed connection as a completed flush rather than an exception; the query is cancelled before
        // the reader is closed.
        async Task<bool> FlushAsync()
        {
            writer.Unflushed = 0;
            if ((await body.FlushAsync(aborted)).IsCompleted)
            {
                _clientGone = true;
                command.Cancel();
            }

            return !_clientGone;
        }
    }
}

/// <summary>The SQL of exports: the events table's columns in the order <see cref="Read"/> takes them.</summary>
public static class ExportQuery
{
    /// <summary>
    /// The select list and table; <c>e</c> is the events table. Filters use positional parameters (<c>$1</c>). The data is as
    /// <paramref name="caller"/> may see it (writers-only properties left out for readers); all of it without a caller.
    /// </summary>
    public static string Select(IQuerySession session, System.Security.Claims.ClaimsPrincipal? caller = null) =>
        $"""
        select e.seq_id, e.stream_id, e.version, e.type, {BusinessTime.Sql("e")}, e.timestamp, e.user_name, e.correlation_id,
            e.causation_id, ({(caller is null ? "e.data" : WritersOnly.Sql("e", caller))})::text, e.headers::text
        from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events as e
        """;

    /// <summary>
    /// The export of the events matching <paramref name="where"/> (over <c>e</c>, with <c>$1</c> = <paramref name="key"/>),
    /// recorded by <paramref name="asOf"/> when given, in <paramref name="orderBy"/> order, to run on the session's connection.
    /// </summary>
    public static NpgsqlCommand Command(
        IQuerySession session, string where, object key, DateTimeOffset? asOf, string orderBy, System.Security.Claims.ClaimsPrincipal? caller = null)
    {
        var command = new NpgsqlCommand($"{Select(session, caller)} where {where}{(asOf is null ? "" : " and e.timestamp <= $2")} order by {orderBy}");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        if (asOf is { } at)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = at.ToUniversalTime() });
        }

        return command;
    }

    /// <summary>The row the reader is on.</summary>
    public static ExportedEvent Read(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetGuid(1),
        row.GetInt64(2),
        row.GetString(3),
        Text(row, 4),
        row.GetFieldValue<DateTimeOffset>(5),
        Text(row, 6),
        Text(row, 7),
        Text(row, 8),
        row.GetString(9),
        Text(row, 10));

    private static string? Text(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
