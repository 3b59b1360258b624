using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kam.EventStore.Api;

/// <summary>
/// A stored document written into an answer without making objects of it: the store keeps the .NET names
/// (<c>BusinessTime</c>) and PostgreSQL's own layout, an answer has camelCase names (<c>businessTime</c>) and no whitespace.
/// Token by token, every value as stored: strings escaped by the writer's encoder, numbers copied as their digits. Members
/// come in the stored document's order, which for <c>jsonb</c> is PostgreSQL's (shorter names first), not the class's.
/// <para>
/// Use it with <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, which escapes what JSON
/// requires and nothing else: the serializer writes a time's <c>+00:00</c> as it is but would escape the same <c>+</c> in a
/// string (<c>\u002B</c>), and here every value is a string. The text decodes to exactly the values the serializer writes.
/// </para>
/// </summary>
public static class StoredJson
{
    /// <summary>Writes the stored JSON (UTF-8) as the next value of <paramref name="writer"/>, its names in camelCase.</summary>
    public static void WriteCamelCase(Utf8JsonWriter writer, ReadOnlySpan<byte> stored)
    {
        var reader = new Utf8JsonReader(stored, new JsonReaderOptions { MaxDepth = Json.MaxDepth });
        Span<byte> name = stackalloc byte[128];
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    WriteName(writer, ref reader, name);
                    break;
                case JsonTokenType.String when !reader.ValueIsEscaped:
                    writer.WriteStringValue(reader.ValueSpan);
                    break;
                case JsonTokenType.String:
                    writer.WriteStringValue(reader.GetString());
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    writer.WriteBooleanValue(reader.GetBoolean());
                    break;
                case JsonTokenType.Null:
                    writer.WriteNullValue();
                    break;
                default:
                    throw new JsonException($"Unexpected {reader.TokenType} in a stored document.");
            }
        }
    }

    /// <summary>
    /// A page (<c>{"items":[...],"next":...}</c>, and <c>"asOf"</c> when given) whose items are stored documents, each written
    /// from its stored JSON with the API's names rather than read into an object and written out again: on a page of 50 that
    /// was half of the service's work. Members come in the stored order; a document stored before a member was added to its
    /// type lacks it until its projection writes it again (a rebuild does).
    /// </summary>
    public sealed class PageResult(IReadOnlyList<byte[]> items, string? next, DateTimeOffset? asOf = null) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            // JSON's own escaping only (see above): titles keep their letters, times their "+00:00".
            await using var writer = new Utf8JsonWriter(
                httpContext.Response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = Json.MaxDepth });
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                WriteCamelCase(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteString("next", next);
            if (asOf is { } at)
            {
                writer.WriteString("asOf", at);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }

    // "EntryId" -> "entryId" in place for the usual .NET name (an upper-case letter, then a lower-case one); anything else
    // ("ID", "URLValue", escaped or long names) by the serializer's own camelCase policy, so names come out as it writes them.
    private static void WriteName(Utf8JsonWriter writer, ref Utf8JsonReader reader, scoped Span<byte> buffer)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped && raw.Length <= buffer.Length && (raw.Length == 1 || raw[1] is >= (byte)'a' and <= (byte)'z'))
        {
            raw.CopyTo(buffer);
            if (buffer[0] is >= (byte)'A' and <= (byte)'Z')
            {
                buffer[0] = (byte)(buffer[0] + ('a' - 'A'));
            }

            writer.WritePropertyName(buffer[..raw.Length]);
            return;
        }

        writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(reader.GetString()!));
    }
}
