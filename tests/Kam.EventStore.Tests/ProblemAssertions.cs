using System.Text.Json;
using Alba;

namespace Kam.EventStore.Tests;

/// <summary>The parts of an RFC 9457 problem document the tests assert on.</summary>
public sealed record Problem(int Status, string Type, string Rule, string? Detail, IReadOnlyDictionary<string, string[]> Errors);

public static class ProblemAssertions
{
    /// <summary>Reads the response as a problem document, checking its media type.</summary>
    public static async Task<Problem> Problem(this IScenarioResult result)
    {
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        var json = await result.ReadAsJsonAsync<JsonElement>();
        var errors = json.TryGetProperty("errors", out var e)
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())
            : [];
        return new Problem(
            json.GetProperty("status").GetInt32(),
            json.GetProperty("type").GetString()!,
            json.GetProperty("rule").GetString()!,
            json.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
            errors);
    }
}
