using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Sales;

/// <summary>A budget, actual, opportunity or negotiation as it stands (or stood), and its lineage: every event with who, when and why.</summary>
/// <param name="Record">The record.</param>
/// <param name="Lineage">Its events, in order, with provenance (writers-only data left out for readers).</param>
public sealed record SalesRecord<T>(T Record, IReadOnlyList<RecordedEvent> Lineage);

/// <summary>Where the previous page of an account's sales records ended (ids are time-ordered: the order they were recorded).</summary>
public sealed record SalesPosition(Guid Id);

/// <summary>
/// The one read path of the sales views: an account's sales now (the projection's document) or as of an instant and/or a
/// business date (the whole-account view's, from its nearest checkpoint: no replay of the account's history); one record
/// with its lineage.
/// </summary>
public static class SalesReads
{
    /// <summary>
    /// The account's sales now, or as recorded by <paramref name="asOf"/> and (with <paramref name="on"/>) as the facts dated by
    /// then stood; null when the account was unknown then.
    /// </summary>
    public static async Task<AccountSales?> OfAccountAsync(
        IQuerySession session, Guid accountId, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now, CancellationToken cancellation)
    {
        if (asOf is not null || on is not null)
        {
            return (await AccountViewReads.AsOfAsync(session, accountId, PastViews.Instant(asOf, now), cancellation, on))?.Sales;
        }

        // An account designated before sales were kept has no document until a rebuild: it has no sales either.
        return await session.LoadAsync<AccountSales>(accountId, cancellation)
            ?? (await session.LoadAsync<KeyAccount>(accountId, cancellation) is { } account
                ? new AccountSales { Id = account.Id, Currency = account.RevenueBudget.Currency, Tier = account.Tier }
                : null);
    }

    /// <summary>
    /// One record and its lineage: its events recorded by <paramref name="asOf"/> and dated by <paramref name="on"/>, folded with
    /// its own <c>Advance</c> (a handful of events: the lineage needs them anyway); 404 when it did not exist then.
    /// </summary>
    public static async Task<IResult> RecordAsync<T>(
        IQuerySession session, HttpContext context, ClaimsPrincipal user, Guid id, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now,
        Func<T?, object, T?> advance, string what, CancellationToken cancellation, Func<T, IReadOnlyList<IEvent>, object>? shape = null) where T : class
    {
        var bound = PastViews.Instant(asOf, now);
        var events = (await session.Events.FetchStreamAsync(id, token: cancellation))
            .Where(e => e.Timestamp <= bound && (on is null || BusinessTime.DateOf(e.Data) <= on))
            .ToList();
        var record = events.Select(e => e.Data).Aggregate((T?)null, advance);
        if (record is null)
        {
            return Results.Problem(Problems.NotFound(what, id));
        }

        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(events[^1].Version);
        var lineage = events.Select(e => RecordedEvent.From(e).ShownTo(user)).ToList();
        return Results.Ok(shape is null ? new SalesRecord<T>(record, lineage) : shape(record, events));
    }

    /// <summary>A page of records in the order they were recorded (their ids are time-ordered).</summary>
    public static ProblemDetails Page<T>(IEnumerable<T> records, Func<T, Guid> id, string? cursor, int? limit, out Page<T>? page)
    {
        page = null;
        var problem = Paging.Read<SalesPosition>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var rest = records.Where(r => after is null || id(r).CompareTo(after.Id) > 0).OrderBy(id).ToList();
        var items = rest.Take(take).ToList();
        page = new Page<T>(items, rest.Count > take ? Paging.Encode(new SalesPosition(id(items[^1]))) : null);
        return Problems.None;
    }

    /// <summary>The 404 of an account that was unknown (then).</summary>
    public static ProblemDetails AccountNotFound(Guid accountId, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now) =>
        asOf is null && on is null ? Problems.NotFound("Key account", accountId) : GetAccountViewEndpoint.NotYet(accountId, PastViews.Instant(asOf, now), on);
}
