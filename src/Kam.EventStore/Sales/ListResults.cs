using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Kam.EventStore.Sales;

/// <summary>How portfolio results are grouped.</summary>
public enum ResultsBy
{
    /// <summary>Per key account manager (the accounts' KAM).</summary>
    Kam,
    /// <summary>Per tier of the key-account portfolio.</summary>
    Tier,
    /// <summary>Per manager of the KAMs: as the KAM role is organised on the account, else the KAM's line manager in the people directory.</summary>
    Manager,
}

/// <summary>The results of a group of accounts for a period.</summary>
/// <param name="Key">The KAM's or manager's person id, or the tier; null for accounts without one (a vacant KAM position, no manager recorded).</param>
/// <param name="Currency">The currency of the group's amounts: groups are per currency, amounts are never converted.</param>
/// <param name="Accounts">How many accounts the group holds.</param>
/// <param name="Results">Their results together.</param>
public sealed record GroupResults(string? Key, string Currency, int Accounts, PeriodResults Results);

/// <summary>Results of a portfolio, one group per page row.</summary>
/// <param name="By">How the accounts are grouped.</param>
/// <param name="Period">The period.</param>
/// <param name="On">The business date, when asked for.</param>
/// <param name="AsOf">The recorded time, when asked for.</param>
/// <param name="Items">The groups of this page, by key and currency.</param>
/// <param name="Next">Pass as <c>cursor</c> for the next page; null on the last.</param>
public sealed record PortfolioResults(ResultsBy By, Period Period, DateOnly? On, DateTimeOffset? AsOf, IReadOnlyList<GroupResults> Items, string? Next);

public static class ListResultsEndpoint
{
    /// <summary>Where the previous page ended.</summary>
    public sealed record Position(string Key, string Currency);

    /// <summary>Results against targets across accounts, for dashboards: per KAM, per tier or per manager.</summary>
    /// <remarks>
    /// For the period <c>from</c>-<c>to</c> (a fiscal year, a quarter, a month, as the accounts' budgets break down), each
    /// group's budget, actual, attainment, forecast, pipeline, won and lost, win rate and concessions, added up over the accounts
    /// whose budgets or actuals define that period (see <c>GET /api/accounts/{accountId}/results</c> for each figure). One group
    /// per key and currency; keyset-paged by key. Now: the sum of the results rows the projection keeps per account and period
    /// (one indexed read, whatever the history). With <c>asOf</c> and/or <c>on</c>: each account's results of then, from the
    /// whole-account view's checkpoints, grouped by the KAM, manager and tier of then (an audit query: it reads every account).
    /// </remarks>
    /// <param name="by">Kam, Tier or Manager.</param>
    /// <param name="from">The first day of the period.</param>
    /// <param name="to">The last day of the period.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as the facts stood that day.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Groups per page, 1-200 (default 50).</param>
    [WolverineGet("/api/results", OperationId = "ListResults")]
    [Tags("Sales")]
    [ProducesResponseType<PortfolioResults>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, IOptions<StageProbabilities> probabilities, DateTimeOffset now, CancellationToken cancellation, ResultsBy? by = null,
        DateOnly? from = null, DateOnly? to = null, DateTimeOffset? asOf = null, DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        var problem = Problems.FirstOf(
            by is null ? Problems.Invalid("by", "Required: Kam, Tier or Manager.") : Problems.None,
            ResultPeriods.Read(from, to, required: true, out var asked),
            Paging.Read<Position>(cursor, limit, out var after, out var take));
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var period = asked!;
        var rows = asOf is null && on is null
            ? await CurrentAsync(session, period, cancellation)
            : await PastAsync(session, period, PastViews.Instant(asOf, now), on, cancellation);

        // The manager from the people directory, for KAMs whose account does not name one.
        var date = on ?? BusinessTime.Today(PastViews.Instant(asOf, now));
        var directory = by == ResultsBy.Manager
            ? (await session.LoadManyAsync<Person>(cancellation, rows.Where(r => r.Manager is null && r.Kam is not null).Select(r => PersonIds.StreamId(r.Kam!)).Distinct()))
                .ToDictionary(p => p.PersonId, p => p.ProfileOn(date).ManagerPersonId)
            : [];
        var groups = rows
            .GroupBy(r => (Key: by switch
            {
                ResultsBy.Kam => r.Kam,
                ResultsBy.Tier => r.Tier.ToString(),
                _ => r.Manager ?? (r.Kam is { } kam ? directory.GetValueOrDefault(kam) : null),
            }, r.Figures.Currency))
            .Select(g => new GroupResults(g.Key.Key, g.Key.Currency, g.Count(),
                PeriodResults.Of(period, g.Select(r => r.Figures).Aggregate(SalesFigures.Zero(g.Key.Currency), (sum, f) => sum.Add(f)), probabilities.Value)))
            .Where(g => after is null || string.CompareOrdinal(g.Key ?? "", after.Key) > 0
                || (string.Equals(g.Key ?? "", after.Key, StringComparison.Ordinal) && string.CompareOrdinal(g.Currency, after.Currency) > 0))
            .OrderBy(g => g.Key ?? "", StringComparer.Ordinal).ThenBy(g => g.Currency, StringComparer.Ordinal)
            .ToList();
        var items = groups.Take(take).ToList();
        return Results.Ok(new PortfolioResults(by!.Value, period, on, asOf is null ? null : PastViews.Instant(asOf, now), items,
            groups.Count > take ? Paging.Encode(new Position(items[^1].Key ?? "", items[^1].Currency)) : null));
    }

    /// <summary>One account's figures for the period, and who answers for them.</summary>
    private sealed record Row(string? Kam, string? Manager, AccountTier Tier, SalesFigures Figures);

    private static async Task<IReadOnlyList<Row>> CurrentAsync(IQuerySession session, Period period, CancellationToken cancellation)
    {
        var first = period.From;
        var last = period.To;
        var rows = await session.Query<SalesResultRow>().Where(r => r.From == first && r.To == last).ToListAsync(cancellation);
        return [.. rows.Select(r => new Row(r.KamPersonId, r.KamManagerPersonId, r.Tier, r.Figures))];
    }

    private static async Task<IReadOnlyList<Row>> PastAsync(IQuerySession session, Period period, DateTimeOffset asOf, DateOnly? on, CancellationToken cancellation)
    {
        var ids = (await session.Query<KeyAccount>().Select(a => a.Id).ToListAsync(cancellation)).ToArray();
        var views = await AccountViewReads.AsOfAsync(session, ids, asOf, cancellation, on);
        return
        [
            .. views.Values.Select(v => v.Sales).OfType<AccountSales>().Where(s => s.Periods().Contains(period))
                .Select(s => new Row(s.KamPersonId, s.KamManagerPersonId, s.Tier, SalesFigures.Of(s, period))),
        ];
    }
}
