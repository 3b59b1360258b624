using System.Text;
using Kam.EventStore.Commitments;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Store;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Timeline;

/// <summary>One page of an account's timeline.</summary>
/// <param name="Items">The entries of this page, in timeline order.</param>
/// <param name="Next">Pass as <c>cursor</c> (with the same filters) to read the next page; null on the last page.</param>
/// <param name="AsOf">The recorded time this timeline reads as of: <c>asOf</c> when given, else when the first page was read.</param>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, string? Next, DateTimeOffset AsOf);

public static class GetTimelineEndpoint
{
    /// <summary>Where the previous page ended, and the view it belongs to.</summary>
    /// <param name="T">Business time of the last entry.</param>
    /// <param name="S">Its sequence.</param>
    /// <param name="R">Its revision.</param>
    /// <param name="AsOf">The recorded time the pages read as of.</param>
    /// <param name="Asc">True when the pages run oldest first.</param>
    public sealed record Position(DateTimeOffset T, long S, int R, DateTimeOffset AsOf, bool Asc);

    /// <summary>The account's timeline: every event that matters to it, from every area, in business time.</summary>
    /// <remarks>
    /// One entry per event on the account (role changes, stakeholder changes, status changes, interactions, notes, and
    /// whatever later areas record), each with its business time, recorded time, actor, kind, a short title and the ids it
    /// concerns. Newest first (<c>order=asc</c> for oldest first); entries with the same business time in the order they
    /// were recorded. An interaction shows as its record reads, with the correction or retraction as an entry of its own.
    /// <para>
    /// <c>asOf</c> (a recorded time) shows only what had been recorded by then, as it read then: an interaction corrected
    /// later shows its original record. Without <c>asOf</c> the first page reads as of now, and <c>next</c> keeps reading
    /// as of that moment: paging never skips or repeats an entry, however many events arrive or corrections move entries
    /// meanwhile. Each page is one index range scan, so it costs the same however long the account's history is.
    /// </para>
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="kinds">Only these kinds, comma-separated event names, e.g. <c>InteractionRecorded,AccountStatusChanged</c>.</param>
    /// <param name="person">Only entries concerning this one of our people (person id).</param>
    /// <param name="stakeholder">Only entries concerning this stakeholder.</param>
    /// <param name="from">Only entries at or after this business time.</param>
    /// <param name="to">Only entries before this business time.</param>
    /// <param name="on">Only what had happened by the end of this business date (YYYY-MM-DD): the timeline of that day and before.</param>
    /// <param name="asOf">Read the timeline as it was recorded by this time.</param>
    /// <param name="order"><c>desc</c> (newest first, the default) or <c>asc</c>.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/timeline", OperationId = "GetTimeline")]
    [Tags("Timeline")]
    [ProducesResponseType<TimelinePage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IDocumentStore store, DateTimeOffset now, CancellationToken cancellation,
        string? kinds = null, string? person = null, Guid? stakeholder = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        DateOnly? on = null, DateTimeOffset? asOf = null, string? order = null, string? cursor = null, int? limit = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var errors = new FieldErrors().PersonId("person", person, required: false);
        var kindList = (kinds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kindList.FirstOrDefault(k => !TimelineKinds.All.Contains(k)) is { } unknown)
        {
            errors.Add("kinds", $"'{unknown}' is not a kind of entry. Kinds: {string.Join(", ", TimelineKinds.All.Order(StringComparer.Ordinal))}.");
        }

        if (on is { } date && (to is null || Domain.BusinessTime.EndOf(date) < to))
        {
            to = Domain.BusinessTime.EndOf(date);
        }

        if (from >= to)
        {
            errors.Add(on is null ? "to" : "on", "Must be after from.");
        }

        var asc = order?.ToLowerInvariant() switch
        {
            null or "desc" => false,
            "asc" => true,
            _ => (bool?)null,
        };
        if (asc is null)
        {
            errors.Add("order", "Must be asc or desc.");
        }

        // With a cursor the view is the cursor's. An earlier asOf or another order asks for a different view; a later asOf
        // is the first page's own when that lay ahead of the clock and was read as of then.
        if (after is not null && ((asOf is { } given && given.ToUniversalTime() < after.AsOf) || (order is not null && asc != after.Asc)))
        {
            errors.Add("cursor", "The cursor belongs to another view: repeat the first page's asOf and order, or leave them out.");
        }

        if (errors.Any)
        {
            return Results.Problem(errors.ToProblem());
        }

        // A view is pinned to a recorded time: asOf, else now. Nothing recorded later can appear in it, so pages never
        // shift under a reader. A time ahead of now reads as now (what is recorded after it would otherwise slip in).
        var view = after?.AsOf ?? (asOf is { } at && at < now ? at.ToUniversalTime() : now);
        var ascending = after?.Asc ?? asc!.Value;

        var table = session.DocumentStore.Options.Schema.For<TimelineEntry>();
        // The page's own columns, and each entry as stored (written into the answer as it is: StoredJson.PageResult).
        var sql = new StringBuilder($"select d.id, d.kind, d.business_time, d.sequence, d.revision, d.data from {table} as d where d.account_id = ? and d.recorded_at <= ?");
        var parameters = new List<object> { accountId, view };

        // Redundant, but it bounds the index range of an old view: nothing recorded by then can lie further ahead in business
        // time than the allowed clock skew, because business times are never accepted in the future.
        sql.Append(" and d.business_time <= ?");
        parameters.Add(view + FieldErrors.AllowedClockSkew);

        if (kindList.Length > 0)
        {
            sql.Append(" and d.kind = any(?)");
            parameters.Add(kindList);
        }

        if (person is not null)
        {
            sql.Append(" and d.person_ids @> array[?]::varchar[] and d.person_ids <> '{}'");
            parameters.Add(PersonIds.Normalize(person));
        }

        if (stakeholder is { } s)
        {
            sql.Append(" and d.stakeholder_ids @> array[?]::uuid[] and d.stakeholder_ids <> '{}'");
            parameters.Add(s);
        }

        if (from is { } f)
        {
            sql.Append(" and d.business_time >= ?");
            parameters.Add(f.ToUniversalTime());
        }

        if (to is { } t)
        {
            sql.Append(" and d.business_time < ?");
            parameters.Add(t.ToUniversalTime());
        }

        if (after is not null)
        {
            sql.Append(ascending ? " and (d.business_time, d.sequence, d.revision) > (?, ?, ?)" : " and (d.business_time, d.sequence, d.revision) < (?, ?, ?)");
            parameters.AddRange([after.T.ToUniversalTime(), after.S, after.R]);
        }

        // Only the latest reading of each entry recorded by then: one probe of the (entry, revision) index per reading of an
        // interaction. Only those have later readings (every other row's entry is its own event, TimelineRows), so other rows
        // skip the probe: PostgreSQL evaluates an OR's arms in order (first page of a typical account 0.20 -> 0.16 ms in pgbench).
        sql.Append($" and (d.kind <> '{nameof(InteractionRecorded)}' or not exists (select 1 from {table} as n where n.entry_id = d.entry_id and n.kind = '{nameof(InteractionRecorded)}' and n.revision > d.revision and n.recorded_at <= ?))");
        parameters.Add(view);

        var direction = ascending ? "asc" : "desc";
        sql.Append($" order by d.business_time {direction}, d.sequence {direction}, d.revision {direction} limit ?");
        parameters.Add(take + 1);

        var rows = new List<Row>(take + 1);
        await using (var command = SqlText.Command(sql.ToString(), parameters))
        {
            await using var reader = await session.ExecuteReaderAsync(command, cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                rows.Add(new Row(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3), reader.GetInt32(4),
                    reader.GetFieldValue<byte[]>(5)));
            }
        }

        if (rows.Count == 0 && await session.Events.FetchStreamStateAsync(accountId, cancellation) is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        // A page may come out shorter than the limit when it held stale overdue checks; the cursor goes on from the last row read.
        var page = rows.Take(take).ToList();
        var stale = await StaleOverdueChecks.AmongAsync(session, [.. page.Select(r => (r.Id, r.Kind, r.Sequence))], view, cancellation);
        var items = page.Where(r => !stale.Contains(r.Id)).ToList();
        var next = rows.Count > take
            ? Paging.Encode(new Position(page[^1].BusinessTime, page[^1].Sequence, page[^1].Revision, view, ascending))
            : null;
        return new StoredJson.PageResult([.. items.Select(r => r.Stored)], next, view);
    }

    /// <summary>A timeline row: its page columns, and the entry as stored (UTF-8 JSON).</summary>
    private sealed record Row(Guid Id, string Kind, DateTimeOffset BusinessTime, long Sequence, int Revision, byte[] Stored);
}

/// <summary>The kinds of timeline entries: the stored names of every account event type.</summary>
public static class TimelineKinds
{
    public static readonly IReadOnlySet<string> All = typeof(IAccountEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAccountEvent).IsAssignableFrom(t))
        .Select(t => t.Name)
        .ToHashSet(StringComparer.Ordinal);
}
