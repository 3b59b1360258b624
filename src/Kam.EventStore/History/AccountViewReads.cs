using JasperFx.Events;
using Kam.EventStore.Portfolio;
using Marten;

namespace Kam.EventStore.History;

/// <summary>
/// Past (and present) views of whole accounts: the nearest checkpoint recorded by the instant, plus the account's events
/// recorded after it and by then (found through the account event index). Three indexed reads whatever the account's history;
/// exact whatever the daemon has reached (what it has not checkpointed yet is replayed).
/// </summary>
public static class AccountViewReads
{
    // "Recorded by" without a bound: later than anything a clock will say.
    private static readonly DateTimeOffset NoLimit = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The account as recorded by <paramref name="asOf"/> (null: everything recorded so far) and, with <paramref name="on"/>, as the
    /// facts dated by that business date stood then; null when it did not exist then.
    /// </summary>
    public static async Task<AccountView?> AsOfAsync(
        IQuerySession session, Guid accountId, DateTimeOffset? asOf, CancellationToken cancellation, DateOnly? on = null, long? through = null) =>
        (await AsOfAsync(session, [accountId], asOf, cancellation, on, through)).GetValueOrDefault(accountId);

    /// <summary>
    /// Several accounts as recorded by <paramref name="asOf"/> (and on <paramref name="on"/>): those that existed then, by id. With
    /// <paramref name="through"/>, only the events up to that global sequence: a view pinned to exactly the events an issued review
    /// was generated from, even when later ones share its recorded time.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, AccountView>> AsOfAsync(
        IQuerySession session, Guid[] accountIds, DateTimeOffset? asOf, CancellationToken cancellation, DateOnly? on = null, long? through = null)
    {
        if (accountIds.Length == 0)
        {
            return new Dictionary<Guid, AccountView>();
        }

        // Which checkpoint serves each account is decided by AccountCheckpoints.Nearest, over every checkpoint's marks (not its
        // view): the rule the property test checks is the one that runs here.
        var marks = await MarksAsync(session, accountIds, cancellation);
        var chosen = marks.GroupBy(m => m.AccountId)
            .Select(g => AccountCheckpoints.Nearest(g.Where(m => through is null || m.Sequence <= through), asOf, on))
            .OfType<AccountViewCheckpoint>()
            .ToDictionary(c => c.AccountId);

        // The chosen checkpoints and the sequence numbers of the events recorded after them, in one round trip; then those events.
        var batch = session.CreateBatchQuery();
        var checkpoints = chosen.Count == 0 ? null : batch.LoadMany<AccountViewCheckpoint>().ById([.. chosen.Values.Select(c => c.Id)]);
        var after = accountIds.Select(id => chosen.TryGetValue(id, out var c) ? c.Sequence : 0).ToArray();
        var datedBefore = on is { } date ? BusinessTime.EndOf(date) : NoLimit;
        var sequences = batch.Query<SequenceRow>(Sql(session).After, accountIds, after, asOf ?? NoLimit, DateTimeOffset.UnixEpoch, datedBefore, through ?? long.MaxValue);
        await batch.Execute(cancellation);
        var nearest = checkpoints is null ? [] : (await checkpoints).ToDictionary(c => c.AccountId);
        var events = (await BySequenceAsync(session, [.. (await sequences).Select(r => r.Sequence)], cancellation)).ToList();

        // The daemon may have moved a tip between reading the marks and loading it: a tip that is no longer the one chosen may
        // hold events recorded or dated after the view. Those accounts are folded from their first event instead. A view without
        // a bound (the account now) has no such events: a tip that moved on only holds more of the events read after the mark
        // (the tip was loaded before them, in the same round trip), so it serves, with the events after it. Under a steady
        // stream of writes the daemon moves tips all the time; the health projection reads exactly such views.
        var unbounded = asOf is null && on is null && through is null;
        var movedOn = new Dictionary<Guid, long>();
        var moved = new List<Guid>();
        foreach (var id in accountIds)
        {
            if (chosen.TryGetValue(id, out var mark) && nearest.TryGetValue(id, out var loaded) && loaded.Sequence != mark.Sequence)
            {
                if (unbounded && loaded.Sequence > mark.Sequence)
                {
                    movedOn[id] = loaded.Sequence;
                }
                else
                {
                    moved.Add(id);
                }
            }
        }

        if (movedOn.Count > 0)
        {
            events.RemoveAll(e => movedOn.TryGetValue(((IAccountEvent)e.Data).AccountId, out var tip) && e.Sequence <= tip);
        }

        if (moved.Count > 0)
        {
            foreach (var id in moved)
            {
                nearest.Remove(id);
            }

            events.RemoveAll(e => moved.Contains(((IAccountEvent)e.Data).AccountId));
            events.AddRange(await EventsAfterAsync(session, [.. moved], new long[moved.Count], asOf, cancellation, datedBefore: datedBefore, through: through));
        }

        var byAccount = events.ToLookup(e => ((IAccountEvent)e.Data).AccountId);

        return accountIds
            .Select(id => AccountCheckpoints.AsOf(id, nearest.GetValueOrDefault(id), byAccount[id], asOf, on))
            .Where(view => view.Status is not null)
            .ToDictionary(view => view.AccountId);
    }

    /// <summary>
    /// The marks of every checkpoint of the accounts: what <see cref="AccountCheckpoints.Nearest"/> decides by, without the view
    /// (read from the checkpoints' own columns, not built as JSON and parsed again: an account has one per 64 events).
    /// </summary>
    private static async Task<List<AccountViewCheckpoint>> MarksAsync(IQuerySession session, Guid[] accountIds, CancellationToken cancellation)
    {
        await using var command = new Npgsql.NpgsqlCommand(Sql(session).Marks);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]> { TypedValue = accountIds });
        await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        var marks = new List<AccountViewCheckpoint>();
        while (await reader.ReadAsync(cancellation))
        {
            marks.Add(new AccountViewCheckpoint
            {
                Id = reader.GetString(0),
                AccountId = reader.GetGuid(1),
                Sequence = reader.GetInt64(2),
                RecordedUpTo = reader.GetFieldValue<DateTimeOffset>(3),
                BusinessUpTo = reader.GetFieldValue<DateTimeOffset>(4),
                Shape = reader.GetFieldValue<uint>(5),
            });
        }

        return marks;
    }

    /// <summary>A global sequence number, as the batched query reads it.</summary>
    public sealed record SequenceRow(long Sequence);

    private sealed record Statements(string Marks, string Sequences, string After);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Statements> Built = [];

    // Built once per store: the same text every time, so each statement is prepared once per connection.
    private static Statements Sql(IQuerySession session) => Built.GetValue(session.DocumentStore, store =>
    {
        var checkpoints = store.Options.Schema.For<AccountViewCheckpoint>();
        // The accounts' events after a sequence each, recorded in a window, dated before an instant and up to a sequence: one
        // range of the index on (account, sequence), its other conditions read from the index itself (ix_accounteventrow_sequence).
        // No limit parameter: with one, PostgreSQL plans the statement again on every call (its generic plan is priced for a
        // tenth of the rows); a limit, when there is one, is written into the text.
        var sequences = $"""
            select i.sequence from {store.Options.Schema.For<AccountEventRow>()} as i
                join unnest(?::uuid[], ?::bigint[]) as a(id, after) on i.account_id = a.id and i.sequence > a.after
            where i.recorded_at <= ? and i.recorded_at > ? and i.business_time < ? and i.sequence <= ?
            order by i.sequence
            """;
        return new Statements(
            $"select d.id, d.account_id, d.sequence, d.recorded_up_to, d.business_up_to, d.shape from {checkpoints} as d where d.account_id = any($1)",
            sequences,
            $"select json_build_object('Sequence', s.sequence) from ({sequences}) as s");
    });

    /// <summary>
    /// Where a run of views of one account over business dates <paramref name="from"/> to <paramref name="to"/> (as recorded by
    /// <paramref name="asOf"/>) starts: the checkpoint serving the view of <paramref name="from"/> (chosen by
    /// <see cref="AccountCheckpoints.Nearest"/>), and every event of the account recorded after it and by <paramref name="asOf"/>,
    /// dated by <paramref name="to"/>, in the order they were recorded. The view of any date D in the run is the checkpoint plus
    /// those of the events dated by D (<see cref="AccountCheckpoints.AsOf"/>): a few indexed reads for the whole run.
    /// </summary>
    public static async Task<(AccountViewCheckpoint? From, IReadOnlyList<IEvent> Later)> RunAsync(
        IQuerySession session, Guid accountId, DateTimeOffset asOf, DateOnly from, DateOnly to, CancellationToken cancellation)
    {
        var marks = await MarksAsync(session, [accountId], cancellation);
        var chosen = AccountCheckpoints.Nearest(marks, asOf, from);
        var start = chosen is null ? null : await session.LoadAsync<AccountViewCheckpoint>(chosen.Id, cancellation);

        // A tip the daemon moved since its marks were read may hold later events: start from the first event instead (rare).
        if (start is not null && start.Sequence != chosen!.Sequence)
        {
            start = null;
        }

        var later = await EventsAfterAsync(session, [accountId], [start?.Sequence ?? 0], asOf, cancellation, datedBefore: BusinessTime.EndOf(to));
        return (start, later);
    }

    /// <summary>
    /// Every event of the account before global sequence <paramref name="before"/>, found in the event table itself (a full
    /// scan, so only for the rare refold after an erasure): unlike the timeline, it is there even while projections rebuild.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> EventsInStoreAsync(IQuerySession session, Guid accountId, long before, CancellationToken cancellation)
    {
        var sequences = await session.AdvancedSql.QueryAsync<long>(
            $"select seq_id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where data ->> 'AccountId' = ? and seq_id < ? order by seq_id",
            cancellation, accountId.ToString(), before);
        return await BySequenceAsync(session, sequences, cancellation);
    }

    /// <summary>
    /// The account's events recorded after <paramref name="recordedAfter"/> and by <paramref name="recordedBy"/>, from the one
    /// after global sequence <paramref name="after"/>, at most <paramref name="limit"/>, in the order they were recorded.
    /// </summary>
    public static Task<IReadOnlyList<IEvent>> RecordedBetweenAsync(
        IQuerySession session, Guid accountId, DateTimeOffset recordedAfter, DateTimeOffset recordedBy, long after, int limit, CancellationToken cancellation) =>
        EventsAfterAsync(session, [accountId], [after], recordedBy, cancellation, recordedAfter: recordedAfter, limit: limit);

    private static async Task<IReadOnlyList<IEvent>> EventsAfterAsync(
        IQuerySession session, Guid[] accountIds, long[] after, DateTimeOffset? asOf, CancellationToken cancellation,
        DateTimeOffset? recordedAfter = null, int limit = int.MaxValue, DateTimeOffset? datedBefore = null, long? through = null)
    {
        var sql = Sql(session).Sequences;
        var sequences = await session.AdvancedSql.QueryAsync<long>(
            limit == int.MaxValue ? sql : $"{sql} limit {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            cancellation, accountIds, after, asOf ?? NoLimit, recordedAfter ?? DateTimeOffset.UnixEpoch, datedBefore ?? NoLimit, through ?? long.MaxValue);
        return await BySequenceAsync(session, sequences, cancellation);
    }

    /// <summary>The events with these global sequence numbers, in that order (one query on the events table's key).</summary>
    public static async Task<IReadOnlyList<IEvent>> BySequenceAsync(IQuerySession session, IReadOnlyList<long> sequences, CancellationToken cancellation)
    {
        if (sequences.Count == 0)
        {
            return [];
        }

        var wanted = sequences.ToArray();
        return await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(wanted)).OrderBy(e => e.Sequence).ToListAsync(cancellation);
    }
}
