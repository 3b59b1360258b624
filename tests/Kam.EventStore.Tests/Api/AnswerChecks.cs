using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kam.EventStore.Tests.Api;

/// <summary>What every answer of the service must be, whatever it was asked: checked by the fresh-database and fuzz tests.</summary>
public static partial class AnswerChecks
{
    /// <summary>
    /// Text that only internals put into an answer: a stack frame, a .NET namespace of ours or of the libraries, an exception
    /// type, SQL or PostgreSQL's own names and codes. The tests never send any of it, so an answer holding it leaked it.
    /// </summary>
    [GeneratedRegex(
        @"\bat [A-Z][\w.`]+\.[\w<>`]+\(|\.cs:line \d|\b(System|Microsoft|Kam\.EventStore|Marten|Npgsql|Wolverine|JasperFx|Weasel)\.[A-Z]|\w+Exception\b|\bselect\s+[\w.*, ()]+\s+from\s+\w|\binsert\s+into\s+\w|\bdelete\s+from\s+\w|\bupdate\s+\w+\s+set\s|\bmt_(events|streams|doc_\w+)\b|\bwolverine_\w+|SqlState|\b(42P01|23505|22P05|40001)\b|relation """,
        RegexOptions.IgnoreCase)]
    private static partial Regex Internals();

    /// <summary>Null when the answer is acceptable; else what is wrong with it.</summary>
    public static string? Verdict(int status, string? contentType, string body)
    {
        if (status >= 500)
        {
            return $"answered {status}";
        }

        if (Internals().Match(body) is { Success: true } leak)
        {
            return $"answered {status} with internals in it: '{leak.Value}'";
        }

        if (status < 400)
        {
            return null;
        }

        if (contentType is null || !contentType.StartsWith("application/problem+json", StringComparison.Ordinal))
        {
            return $"answered {status} as '{contentType}', not a problem document";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("status", out var s) || s.GetInt32() != status)
            {
                return $"answered {status} with a problem whose status differs";
            }

            if (!root.TryGetProperty("type", out var type) || type.GetString()?.StartsWith(Problems.TypePrefix, StringComparison.Ordinal) != true)
            {
                return $"answered {status} with a problem without our type";
            }

            return root.TryGetProperty("traceId", out _) ? null : $"answered {status} with a problem without a traceId";
        }
        catch (JsonException)
        {
            return $"answered {status} with a problem that is not JSON";
        }
    }
}
