using Kam.EventStore.Accounts;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Marten;
using Kam.EventStore.Sales;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Kam.EventStore.Portfolio;

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

    /// <summary>Key accounts, by name, one keyset page at a time.</summary>
    /// <remarks>
    /// Ordered by name (case-insensitive), then id. Pass the answer's <c>next</c> as <c>cursor</c> for the next page:
    /// each page costs the same at any depth, and accounts added meanwhile never make a page skip or repeat one.
    /// (An account renamed while you page moves with its name, so it may be met again or not at all.)
    /// Filters combine with AND.
    /// Ended designations are listed only with <c>includeEnded=true</c>. Each account is its status as
    /// <c>GET /api/accounts/{accountId}</c> answers it (interaction activity, commitment counts and the sales of the current
    /// period as of now), with its health band.
    /// <para>
    /// With <c>asOf</c> (a recorded time): the accounts designated by then, each as the records had it then (name, tier, status,
    /// KAM, contact activity and commitment counts), filtered and ordered by those values. Cursors of an <c>asOf</c> list belong
    /// to it: repeat the same <c>asOf</c> with them.
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
        IDocumentStore store, TimeProvider clock, IOptions<StageProbabilities> probabilities, IOptions<HttpJsonOptions> json, CancellationToken cancellation,
        AccountTier? tier = null, AccountHealth? status = null, string? q = null, bool includeEnded = false,
        string? cursor = null, int? limit = null, DateTimeOffset? asOf = null, string? band = null, AccountOrder? sort = null)
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

        // The formula is needed to check a band asked for, and for the bands of then; today's come with the accounts' health rows.
        var instant = PastViews.Instant(asOf, clock);
        var formula = band is null && asOf is null
            ? HealthFormulas.BuiltIn
            : HealthFormulaBook.InForceAt(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation), instant);
        if (band is not null && formula.Bands.All(b => !string.Equals(b.Name, band, StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Problem(Problems.Invalid("band", $"Not a band of health formula version {formula.Version}: {string.Join(", ", formula.Bands.Select(b => b.Name))}."));
        }

        var byHealth = sort == AccountOrder.Health;
        var filter = new AccountFilter(tier, status, string.IsNullOrWhiteSpace(q) ? null : AccountNames.SortKey(q), includeEnded, after, band, byHealth);
        if (asOf is null)
        {
            // Now: each item is the account's status answer as kept (StatusAnswers), its band set; written as they are.
            var listed = await StatusAnswers.PageAsync(session, filter, take + 1, clock.GetUtcNow(), probabilities.Value, json.Value.SerializerOptions, cancellation);
            var shown = listed.Take(take).ToList();
            var following = listed.Count > take
                ? Paging.Encode(new Position(shown[^1].NameKey, shown[^1].Id, byHealth ? shown[^1].Rank ?? AccountFilter.NoRank : null))
                : null;
            return new StatusAnswers.PageResult(shown, following, json.Value.SerializerOptions);
        }

        var rows = await PastPageAsync(session, filter, instant, take + 1, formula, probabilities.Value, cancellation);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take
            ? Paging.Encode(new Position(items[^1].NameKey, items[^1].Id, byHealth ? items[^1].Health?.Rank ?? AccountFilter.NoRank : null))
            : null;
        return Results.Ok(new Page<AccountStatus>(items, next));
    }

    // Every account's status as of the instant (from its nearest checkpoint), then the same filter and order in memory: key
    // accounts number in the hundreds, not millions, and a past list is an audit question rather than a dashboard's hot path.
    private static async Task<IReadOnlyList<AccountStatus>> PastPageAsync(
        IQuerySession session, AccountFilter filter, DateTimeOffset instant, int take, HealthFormula formula, StageProbabilities probabilities,
        CancellationToken cancellation)
    {
        var ids = await session.Query<AccountStatus>().Select(a => a.Id).ToListAsync(cancellation);
        var views = await AccountViewReads.AsOfAsync(session, [.. ids], instant, cancellation);
        var date = PastViews.DateOf(instant);
        foreach (var view in views.Values)
        {
            view.Status!.Health = HealthScores.Of(view, date, formula).Band is { } name ? new HealthBandToday(name, formula.RankOf(name), formula.Version) : null;
        }

        var rows = new List<AccountStatus>();
        foreach (var view in views.Values.Where(v => filter.Matches(v.Status!))
            .OrderBy(v => filter.ByHealth ? v.Status!.Health?.Rank ?? AccountFilter.NoRank : 0)
            .ThenBy(v => v.Status!.NameKey, StringComparer.Ordinal).ThenBy(v => v.AccountId).Take(take))
        {
            rows.Add(await AccountStatusReads.ShowAsync(session, view, instant, null, probabilities, cancellation));
        }

        return rows;
    }
}
