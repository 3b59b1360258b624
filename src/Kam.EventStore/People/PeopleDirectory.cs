using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.People;

/// <summary>
/// How other areas check the people they name: every person id must be in the directory, and nobody can take
/// up a role that starts after their last day with us.
/// </summary>
public static class PeopleDirectory
{
    /// <summary>
    /// 422 naming <paramref name="field"/> when any of <paramref name="personIds"/> is not in the directory
    /// (<c>unknown-person</c>) or had left the company before <paramref name="effectiveOn"/> (<c>person-left</c>).
    /// </summary>
    public static async Task<ProblemDetails> Known(
        IQuerySession session, string field, IEnumerable<string> personIds, DateOnly effectiveOn, CancellationToken cancellation)
    {
        var ids = personIds.Where(p => !string.IsNullOrWhiteSpace(p)).Select(PersonIds.Normalize).Distinct().ToList();
        if (ids.Count == 0)
        {
            return Problems.None;
        }

        var found = (await session.LoadManyAsync<Person>(cancellation, ids.Select(PersonIds.StreamId))).ToDictionary(p => p.PersonId);
        var unknown = ids.Where(id => !found.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return Problems.Rule("unknown-person", $"{field}: not in the people directory: {string.Join(", ", unknown)}.");
        }

        var gone = ids.Where(id => found[id].LeftOn is { } left && effectiveOn > left).ToList();
        return gone.Count > 0
            ? Problems.Rule("person-left", $"{field}: left the company before {effectiveOn:yyyy-MM-dd}: {string.Join(", ", gone)}.")
            : Problems.None;
    }
}
