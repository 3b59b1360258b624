using Kam.EventStore.History;
using Kam.EventStore.Infrastructure;
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
    /// Ended designations are listed only with <c>includeEnded=true</c>. Each account carries its interaction activity and
    /// commitment counts as of now, as <c>GET /api/accounts/{accountId}</c> shows them.
    /// <para>
    /// With <c>asOf</c> (a recorded time): the accounts designated by then, each as the records had it then (name, tier, status,
    /// KAM, contact activity and commitment counts), filtered and ordered by those values. Cursors of an <c>asOf</c> list belong
    /// to it: repeat the same <c>asOf</c> with them.
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
        IDocumentStore store, TimeProvider clock, CancellationToken cancellation,
        AccountTier? tier = null, AccountHealth? status = null, string? q = null, bool includeEnded = false,
        string? cursor = null, int? limit = null, DateTimeOffset? asOf = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (q is { Length: > FieldErrors.ShortText })
        {
            problem = Problems.Invalid("q", $"At most {FieldErrors.ShortText} characters.");
        }

        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var filter = new AccountFilter(tier, status, string.IsNullOrWhiteSpace(q) ? null : AccountNames.SortKey(q), includeEnded, after);
        var rows = asOf is null
            ? await AccountStatusReads.PageAsync(session, filter, take + 1, clock.GetUtcNow(), cancellation)
            : await PastPageAsync(session, filter, PastViews.Instant(asOf, clock), take + 1, cancellation);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id)) : null;
        return Results.Ok(new Page<AccountStatus>(items, next));
    }

    // Every account's status as of the instant (from its nearest checkpoint), then the same filter and order in memory: key
    // accounts number in the hundreds, not millions, and a past list is an audit question rather than a dashboard's hot path.
    private static async Task<IReadOnlyList<AccountStatus>> PastPageAsync(
        IQuerySession session, AccountFilter filter, DateTimeOffset instant, int take, CancellationToken cancellation)
    {
        var ids = await session.Query<AccountStatus>().Select(a => a.Id).ToListAsync(cancellation);
        var views = await AccountViewReads.AsOfAsync(session, [.. ids], instant, cancellation);
        var rows = new List<AccountStatus>();
        foreach (var view in views.Values.Where(v => filter.Matches(v.Status!))
            .OrderBy(v => v.Status!.NameKey, StringComparer.Ordinal).ThenBy(v => v.AccountId).Take(take))
        {
            rows.Add(await AccountStatusReads.ShowAsync(session, view, instant, null, null, cancellation));
        }

        return rows;
    }
}
