using System.Text;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.Interactions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Accounts;

/// <summary>The order of an account list.</summary>
public enum AccountOrder
{
    /// <summary>By name (case-insensitive), then id.</summary>
    Name,
    /// <summary>By health band today, the lowest scores first (accounts without a band last), then by name.</summary>
    Health,
}

public static class ListAccountsEndpoint
{
    /// <summary>Where the previous page ended: the sort key (lower-cased name) and id of its last account, and its health rank when sorted by health.</summary>
    public sealed record Position(string Name, Guid Id, int? Rank = null);

    /// <summary>A health rank below every band: accounts without a health band yet sort last.</summary>
    private const int NoRank = 1000;

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
    /// <para>
    /// Health: each account carries its health band today (<c>health</c>) under the formula version in force, from the account's
    /// health row (kept by the daemon behind the writes, with the band's schedule over the coming days, so the band moves with the
    /// calendar without a replay). <c>band</c> keeps the accounts in that band today; <c>sort=Health</c> orders by band, the lowest
    /// scores first, then by name. With <c>asOf</c>, the bands are those of then, computed from each account's view.
    /// </para>
    /// </remarks>
    /// <param name="tier">Only accounts in this tier.</param>
    /// <param name="status">Only accounts with this relationship status.</param>
    /// <param name="q">Only accounts whose name contains this text (case-insensitive).</param>
    /// <param name="includeEnded">Also list accounts whose designation has ended.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    /// <param name="asOf">Recorded time (ISO 8601): the list as recorded by then.</param>
    /// <param name="band">Only accounts in this health band today (or then, with <c>asOf</c>): a band of the formula version in force.</param>
    /// <param name="sort">Name (default) or Health: by health band, lowest scores first, then by name.</param>
    [WolverineGet("/api/accounts", OperationId = "ListAccounts")]
    [Tags("Accounts")]
    [ProducesResponseType<Page<AccountStatus>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, TimeProvider clock, CancellationToken cancellation,
        AccountTier? tier = null, AccountHealth? status = null, string? q = null, bool includeEnded = false,
        string? cursor = null, int? limit = null, DateTimeOffset? asOf = null, string? band = null, AccountOrder? sort = null)
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

        var now = clock.GetUtcNow();
        var instant = PastViews.Instant(asOf, now);
        // The formula is needed to check a band asked for, and for the bands of then; today's come with the accounts' health rows.
        var formula = band is null && asOf is null
            ? HealthFormulas.BuiltIn
            : HealthFormulaBook.InForceAt(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation), instant);
        if (band is not null && formula.Bands.All(b => !string.Equals(b.Name, band, StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Problem(Problems.Invalid("band", $"Not a band of health formula version {formula.Version}: {string.Join(", ", formula.Bands.Select(b => b.Name))}."));
        }

        var byHealth = sort == AccountOrder.Health;
        if (asOf is not null)
        {
            return Results.Ok(await PastPageAsync(session, instant, tier, status, q, includeEnded, after, take, band, byHealth, formula, cancellation));
        }

        // Plain SQL over duplicated, indexed columns: a row-value comparison is the keyset condition, and it
        // uses the (name_key, id) order directly whatever the page depth. Today's health band is the entry of the account's
        // health schedule in force today.
        var today = BusinessTime.Today(now);
        var sql = new StringBuilder(
            $"""
            select d.data from {session.DocumentStore.Options.Schema.For<AccountStatus>()} as d
                left join {session.DocumentStore.Options.Schema.For<AccountHealthRow>()} as h on h.id = d.id
                left join lateral (
                    select s ->> 'Band' as band, coalesce((s ->> 'Rank')::int, {NoRank}) as rank
                    from jsonb_array_elements(h.data -> 'Schedule') as s
                    where (s ->> 'From')::date <= ?
                    order by (s ->> 'From')::date desc
                    limit 1) as b on true
            where true
            """);
        var parameters = new List<object> { today };
        if (tier is { } t)
        {
            sql.Append(" and d.tier = ?");
            parameters.Add(t.ToString());
        }

        if (status is { } s)
        {
            sql.Append(" and d.status = ?");
            parameters.Add(s.ToString());
        }

        if (!includeEnded)
        {
            sql.Append(" and d.designation_ended = false");
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            sql.Append(@" and d.name_key like ? escape '\'");
            parameters.Add("%" + EscapeLike(AccountNames.SortKey(q)) + "%");
        }

        if (band is not null)
        {
            sql.Append(" and lower(b.band) = lower(?)");
            parameters.Add(band);
        }

        if (after is not null)
        {
            sql.Append(byHealth ? " and (coalesce(b.rank, ?), d.name_key, d.id) > (?, ?, ?)" : " and (d.name_key, d.id) > (?, ?)");
            if (byHealth)
            {
                parameters.Add(NoRank);
                parameters.Add(after.Rank ?? NoRank);
            }

            parameters.Add(after.Name);
            parameters.Add(after.Id);
        }

        sql.Append(byHealth ? $" order by coalesce(b.rank, {NoRank}), d.name_key, d.id limit ?" : " order by d.name_key, d.id limit ?");
        parameters.Add(take + 1);

        var rows = await session.QueryAsync<AccountStatus>(sql.ToString(), cancellation, [.. parameters]);
        var items = rows.Take(take).ToList();
        var activity = await Contacts.ActivityAsync(session, [.. items.Select(a => a.Id)], now, cancellation);
        var health = (await session.LoadManyAsync<AccountHealthRow>(cancellation, items.Select(a => a.Id))).ToDictionary(r => r.Id);
        foreach (var item in items)
        {
            item.Interactions = activity[item.Id];
            item.Health = health.GetValueOrDefault(item.Id) is { } row && row.On(today) is { } span ? new HealthBandToday(span.Band, span.Rank, row.FormulaVersion) : null;
        }

        var next = rows.Count > take ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id, byHealth ? items[^1].Health?.Rank ?? NoRank : null)) : null;
        return Results.Ok(new Page<AccountStatus>(items, next));
    }

    // Every account's status as of the instant (from its nearest checkpoint), then the same filters and order in memory: key
    // accounts number in the hundreds, not millions, and a past list is an audit question rather than a dashboard's hot path.
    private static async Task<Page<AccountStatus>> PastPageAsync(
        IQuerySession session, DateTimeOffset instant, AccountTier? tier, AccountHealth? status, string? q, bool includeEnded, Position? after, int take,
        string? band, bool byHealth, HealthFormula formula, CancellationToken cancellation)
    {
        var ids = await session.Query<AccountStatus>().Select(a => a.Id).ToListAsync(cancellation);
        var views = await AccountViewReads.AsOfAsync(session, [.. ids], instant, cancellation);
        var text = string.IsNullOrWhiteSpace(q) ? null : AccountNames.SortKey(q);
        var date = PastViews.DateOf(instant);
        int Rank(AccountStatus a) => a.Health?.Rank ?? NoRank;
        var rows = views.Values.Select(view =>
            {
                var past = PastViews.StatusOf(view);
                var health = HealthScores.Of(view, date, formula);
                past.Health = health.Band is { } name ? new HealthBandToday(name, formula.RankOf(name), formula.Version) : null;
                return past;
            })
            .Where(a => (tier is null || a.Tier == tier) && (status is null || a.Status == status) && (includeEnded || !a.DesignationEnded)
                && (text is null || a.NameKey.Contains(text, StringComparison.Ordinal))
                && (band is null || string.Equals(a.Health?.Band, band, StringComparison.OrdinalIgnoreCase))
                && (after is null || (byHealth && Rank(a) != (after.Rank ?? NoRank) ? Rank(a) > (after.Rank ?? NoRank) : After(a, after))))
            .OrderBy(a => byHealth ? Rank(a) : 0).ThenBy(a => a.NameKey, StringComparer.Ordinal).ThenBy(a => a.Id)
            .Take(take + 1)
            .ToList();
        var items = rows.Take(take).ToList();
        return new Page<AccountStatus>(items, rows.Count > take ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id, byHealth ? Rank(items[^1]) : null)) : null);
    }

    private static bool After(AccountStatus a, Position after) =>
        string.CompareOrdinal(a.NameKey, after.Name) > 0 || (a.NameKey == after.Name && a.Id.CompareTo(after.Id) > 0);

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
