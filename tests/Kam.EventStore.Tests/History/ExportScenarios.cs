using System.Text;
using System.Text.Json;
using Alba;
using Npgsql;

namespace Kam.EventStore.Tests.History;

/// <summary>An export as the client received it: the response's headers and body.</summary>
public sealed record Download(string ContentType, string ContentDisposition, string Body)
{
    /// <summary>The body's JSON Lines, each parsed.</summary>
    public List<JsonElement> Lines => [.. Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    /// <summary>The body's CSV records (the header row first), each a list of cells.</summary>
    public List<string[]> Rows => Csv.Parse(Body);
}

/// <summary>Given-helpers for audit exports, driving the HTTP API.</summary>
public static class ExportScenarios
{
    /// <summary>GETs an export (<paramref name="url"/> with its query), optionally with an <c>Accept</c> header; expects 200.</summary>
    public static async Task<Download> Export(this Scenarios given, string url, string? accept = null)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Get.Url(url);
            if (accept is not null)
            {
                x.WithRequestHeader("Accept", accept);
            }

            x.StatusCodeShouldBe(200);
        });
        return new Download(
            result.Context.Response.ContentType ?? "",
            result.Context.Response.Headers.ContentDisposition.ToString(),
            await result.ReadAsTextAsync());
    }

    /// <summary>
    /// The global sequences of every event whose data names the account, read straight from the events table, so a
    /// comparison with the export does not lean on the timeline rows the export uses.
    /// </summary>
    public static async Task<List<long>> SequencesOfAccount(this Scenarios given, Guid accountId)
    {
        await using var connection = new NpgsqlConnection(given.App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select seq_id from mt_events where data ->> 'AccountId' = @account order by seq_id", connection);
        command.Parameters.AddWithValue("account", accountId.ToString());
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }
}

/// <summary>A strict RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF record ends.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("Unterminated quoted field.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] != ',' && text[i] != '\r')
                {
                    throw new FormatException($"Text after a closing quote at {i}.");
                }
            }
            else if (text[i] == ',')
            {
                row.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                {
                    throw new FormatException($"A bare CR at {i}.");
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i += 2;
            }
            else if (text[i] is '\n' or '"')
            {
                throw new FormatException($"'{text[i]}' outside quotes at {i}.");
            }
            else
            {
                field.Append(text[i++]);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            throw new FormatException("The last record does not end with CRLF.");
        }

        return rows;
    }
}
