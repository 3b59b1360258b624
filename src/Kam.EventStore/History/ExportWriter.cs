using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kam.EventStore.Store;

namespace Kam.EventStore.History;

/// <summary>Writes exported events, one at a time, into the response pipe; the caller decides when to flush.</summary>
public abstract class ExportWriter : IDisposable
{
    /// <summary>Bytes written since the caller last flushed.</summary>
    public long Unflushed { get; set; }

    public static ExportWriter For(ExportFormat format, PipeWriter output) => format switch
    {
        ExportFormat.Csv => new CsvExportWriter(output),
        _ => new JsonLinesExportWriter(output),
    };

    public abstract void WriteHeader();

    public abstract void Write(ExportedEvent e);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>ISO 8601, as the API writes times: fractions of a second only when there are any, the offset kept.</summary>
    public static string Time(DateTimeOffset at) => at.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// JSON without the whitespace between tokens (PostgreSQL prints stored JSON with a space after every comma and colon), and,
    /// with <paramref name="camelCaseNames"/>, property names in camelCase as every other answer of the API writes them (the
    /// store keeps the .NET names). Only whitespace outside strings goes and only names change: every value stays exactly as stored.
    /// </summary>
    public static string Compact(string json, bool camelCaseNames = false)
    {
        var compact = new StringBuilder(json.Length);
        var inString = false;
        var escaped = false;
        var start = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                compact.Append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                    if (camelCaseNames && IsName(json, i + 1))
                    {
                        var name = compact.ToString(start, compact.Length - start - 1);
                        compact.Length = start;
                        compact.Append(JsonNamingPolicy.CamelCase.ConvertName(name)).Append('"');
                    }
                }
            }
            else if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                compact.Append(c);
                inString = c == '"';
                start = compact.Length;
            }
        }

        return compact.ToString();
    }

    // A string is a property name when the next token after it is a colon.
    private static bool IsName(string json, int from)
    {
        for (var i = from; i < json.Length; i++)
        {
            if (json[i] is not (' ' or '\t' or '\r' or '\n'))
            {
                return json[i] == ':';
            }
        }

        return false;
    }
}

/// <summary>One JSON object per line (<c>application/x-ndjson</c>), camelCase names (the data's too), the values as stored.</summary>
public sealed class JsonLinesExportWriter(PipeWriter output) : ExportWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    // The export is a download, never HTML: non-ASCII text stays readable rather than \u-escaped (the data is as stored,
    // where PostgreSQL keeps it unescaped too). Values decode the same either way.
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public override void WriteHeader()
    {
    }

    public override void Write(ExportedEvent e)
    {
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteNumber("sequence", e.Sequence);
        _json.WriteString("streamId", e.StreamId);
        _json.WriteNumber("version", e.Version);
        _json.WriteString("type", e.Type);
        _json.WriteString("occurredAt", e.OccurredAt);
        _json.WriteString("recordedAt", Time(e.RecordedAt.ToUniversalTime()));
        _json.WriteString("recordedBy", e.RecordedBy);
        _json.WriteString("correlationId", e.CorrelationId);
        _json.WriteString("causationId", e.CausationId);
        _json.WritePropertyName("data");
        _json.WriteRawValue(Compact(e.Data, camelCaseNames: true), skipInputValidation: true);
        _json.WritePropertyName("headers");
        if (e.Headers is { } headers)
        {
            _json.WriteRawValue(Compact(headers), skipInputValidation: true);
        }
        else
        {
            _json.WriteNullValue();
        }

        _json.WriteEndObject();
        _json.Flush();
        Unflushed += _json.BytesCommitted;
        output.Write(NewLine);
        Unflushed += NewLine.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// RFC 4180 CSV (<c>text/csv</c>, UTF-8 without a byte order mark, CRLF line ends): a header row, then one row per event in
/// the columns of <see cref="ExportedEvent"/>, the data and headers as compact JSON text.
/// </summary>
/// <remarks>
/// Formula injection: a spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return as a formula. The caller's name and the correlation id (which the client sends) can start so, so such a cell is
/// prefixed with an apostrophe (OWASP's advice), which spreadsheets show as text. The other columns cannot start so (numbers,
/// ids, times, type names; JSON starts with <c>{</c>). JSON Lines is the verbatim record and is never altered.
/// </remarks>
public sealed class CsvExportWriter(PipeWriter output) : ExportWriter
{
    public static readonly string[] Columns =
        ["sequence", "streamId", "version", "type", "occurredAt", "recordedAt", "recordedBy", "correlationId", "causationId", "data", "headers"];

    private readonly StringBuilder _line = new();
    private bool _lineStarted;

    public override void WriteHeader()
    {
        foreach (var column in Columns)
        {
            Field(column);
        }

        EndLine();
    }

    public override void Write(ExportedEvent e)
    {
        Field(e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(e.StreamId.ToString());
        Field(e.Version.ToString(CultureInfo.InvariantCulture));
        Field(e.Type);
        Field(e.OccurredAt);
        Field(Time(e.RecordedAt.ToUniversalTime()));
        Field(e.RecordedBy);
        Field(e.CorrelationId);
        Field(e.CausationId);
        Field(Compact(e.Data, camelCaseNames: true));
        Field(e.Headers is { } headers ? Compact(headers) : null);
        EndLine();
    }

    /// <summary>One cell as RFC 4180 writes it, neutralised against formula injection; null is an empty cell.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private void Field(string? value)
    {
        if (_lineStarted)
        {
            _line.Append(',');
        }

        _line.Append(Cell(value));
        _lineStarted = true;
    }

    private void EndLine()
    {
        _line.Append("\r\n");
        Unflushed += Encoding.UTF8.GetBytes(_line.ToString(), output);
        _line.Clear();
        _lineStarted = false;
    }
}
