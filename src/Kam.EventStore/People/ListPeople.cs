using System.Text;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.People;

public static class ListPeopleEndpoint
{
    /// <summary>Where the previous page ended: the sort key (lower-cased name) and id of its last person.</summary>
    public sealed record Position(string Name, Guid Id);

    /// <summary>Our people, by name, one keyset page at a time.</summary>
    /// <remarks>
    /// Ordered by name (case-insensitive), then id. Pass the answer's <c>next</c> as <c>cursor</c> for the next page:
    /// each page costs the same at any depth, and people added meanwhile never make a page skip or repeat one.
    /// Filters combine with AND. People who have left are listed only with <c>includeLeft=true</c>.
    /// </remarks>
    /// <param name="q">Only people whose name or person id contains this text (case-insensitive).</param>
    /// <param name="orgUnit">Only people in this organisational unit (case-insensitive, whole name).</param>
    /// <param name="includeLeft">Also list people who have left the company.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/people", OperationId = "ListPeople")]
    [Tags("People")]
    [ProducesResponseType<Page<Person>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, CancellationToken cancellation,
        string? q = null, string? orgUnit = null, bool includeLeft = false, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (q is { Length: > FieldErrors.ShortText })
        {
            problem = Problems.Invalid("q", $"At most {FieldErrors.ShortText} characters.");
        }
        else if (orgUnit is { Length: > FieldErrors.ShortText })
        {
            problem = Problems.Invalid("orgUnit", $"At most {FieldErrors.ShortText} characters.");
        }

        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        // Plain SQL over duplicated, indexed columns, as the account list does: the row-value comparison is the
        // keyset condition and follows the (name_key, id) order at any depth.
        var sql = new StringBuilder("where true");
        var parameters = new List<object>();
        if (!includeLeft)
        {
            sql.Append(" and has_left = false");
        }

        if (!string.IsNullOrWhiteSpace(orgUnit))
        {
            sql.Append(" and org_unit_key = ?");
            parameters.Add(PersonNames.SortKey(orgUnit));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + EscapeLike(PersonNames.SortKey(q)) + "%";
            sql.Append(@" and (name_key like ? escape '\' or person_id like ? escape '\')");
            parameters.Add(pattern);
            parameters.Add(pattern);
        }

        if (after is not null)
        {
            sql.Append(" and (name_key, id) > (?, ?)");
            parameters.Add(after.Name);
            parameters.Add(after.Id);
        }

        sql.Append(" order by name_key, id limit ?");
        parameters.Add(take + 1);

        var rows = await session.QueryAsync<Person>(sql.ToString(), cancellation, [.. parameters]);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id)) : null;
        return Results.Ok(new Page<Person>(items, next));
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
