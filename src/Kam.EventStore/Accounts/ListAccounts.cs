using System.Text;
using Kam.EventStore.History;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.Interactions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Accounts;

public static class ListAccountsEndpoint
{
    /// <summary>Where the previous page ended: the sort key (lower-cased name) and id of its last account.</summary>
    public sealed record Position(string Name, Guid Id);

    /// <summary>Key accounts, by name, one keyset page at a time.</summary>
    /// <remarks>
    /// Ordered by name (case-insensitive), then id. Pass the answer's <c>next</c> as <c>cursor</c> for the next page:
    /// each page costs the same at any depth, and accounts added meanwhile never make a page skip or repeat one.
    /// (An account renamed while you page moves with its name, so it may be met again or not at all.)
    /// Filters combine with AND.
    /// Ended designations are listed only with <c>includeEnded=true</c>. Each account carries its interaction activity as of now.
    /// <para>
    /// With <c>asOf</c> (a recorded time): the accounts designated by then, each as the records had it then (name, tier, status,
    /// KAM...), filtered and ordered by those values; <c>interactions</c> is left out (the status of one account with <c>asOf</c> has it). Cursors of an <c>asOf</c> list belong to it:
    /// repeat the same <c>asOf</c> with them.
    /// </para>
    /// </remarks>
    /// <param name="tier">Only accounts in this tier.</param>
    /// <param name="status">Only accounts with this relationship status.</param>
    /// <param name="q">Only accounts whose name contains this text (case-insensitive).</param>
    /// <param name="includeEnded">Also list accounts whose designation has ended.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    /// <param name="asOf">Recorded time (ISO 8601): the list as recorded by then.</param>
    [WolverineGet("/api/accounts", OperationId = "ListAccounts")]
    [Tags("Accounts")]
    [ProducesResponseType<Page<AccountStatus>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, TimeProvider clock, CancellationToken cancellation,
        AccountTier? tier = null, AccountHealth? status = null, string? q = null, bool includeEnded = false,
        string? cursor = null, int? limit = null, DateTimeOffset? asOf = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (q is { Length: > FieldErrors.ShortText })
        {
            problem = Problems.Invalid("q", $"At most {FieldErrors.ShortText} characters.");
        }

        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        if (asOf is not null)
        {
            return Results.Ok(await PastPageAsync(session, PastViews.Instant(asOf, clock), tier, status, q, includeEnded, after, take, cancellation));
        }

        // Plain SQL over duplicated, indexed columns: a row-value comparison is the keyset condition, and it
        // uses the (name_key, id) order directly whatever the page depth.
        var sql = new StringBuilder("where true");
        var parameters = new List<object>();
        if (tier is { } t)
        {
            sql.Append(" and tier = ?");
            parameters.Add(t.ToString());
        }

        if (status is { } s)
        {
            sql.Append(" and status = ?");
            parameters.Add(s.ToString());
        }

        if (!includeEnded)
        {
            sql.Append(" and designation_ended = false");
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            sql.Append(@" and name_key like ? escape '\'");
            parameters.Add("%" + EscapeLike(AccountNames.SortKey(q)) + "%");
        }

        if (after is not null)
        {
            sql.Append(" and (name_key, id) > (?, ?)");
            parameters.Add(after.Name);
            parameters.Add(after.Id);
        }

        sql.Append(" order by name_key, id limit ?");
        parameters.Add(take + 1);

        var rows = await session.QueryAsync<AccountStatus>(sql.ToString(), cancellation, [.. parameters]);
        var items = rows.Take(take).ToList();
        var activity = await Contacts.ActivityAsync(session, [.. items.Select(a => a.Id)], clock.GetUtcNow(), cancellation);
        items.ForEach(a => a.Interactions = activity[a.Id]);
        var next = rows.Count > take ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id)) : null;
        return Results.Ok(new Page<AccountStatus>(items, next));
    }

    // Every account's status as of the instant (from its nearest checkpoint), then the same filters and order in memory: key
    // accounts number in the hundreds, not millions, and a past list is an audit question rather than a dashboard's hot path.
    private static async Task<Page<AccountStatus>> PastPageAsync(
        IQuerySession session, DateTimeOffset instant, AccountTier? tier, AccountHealth? status, string? q, bool includeEnded, Position? after, int take,
        CancellationToken cancellation)
    {
        var ids = await session.Query<AccountStatus>().Select(a => a.Id).ToListAsync(cancellation);
        var views = await AccountViewReads.AsOfAsync(session, [.. ids], instant, cancellation);
        var text = string.IsNullOrWhiteSpace(q) ? null : AccountNames.SortKey(q);
        var rows = views.Values.Select(PastViews.StatusOf)
            .Where(a => (tier is null || a.Tier == tier) && (status is null || a.Status == status) && (includeEnded || !a.DesignationEnded)
                && (text is null || a.NameKey.Contains(text, StringComparison.Ordinal))
                && (after is null || string.CompareOrdinal(a.NameKey, after.Name) > 0 || (a.NameKey == after.Name && a.Id.CompareTo(after.Id) > 0)))
            .OrderBy(a => a.NameKey, StringComparer.Ordinal).ThenBy(a => a.Id)
            .Take(take + 1)
            .ToList();
        var items = rows.Take(take).ToList();
        return new Page<AccountStatus>(items, rows.Count > take ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id)) : null);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
