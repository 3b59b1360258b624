using JasperFx.Events;
using Kam.EventStore.Portfolio;
using Marten;

namespace Kam.EventStore.History;

/// <summary>
/// Past (and present) views of whole accounts: the nearest checkpoint recorded by the instant, plus the account's events
/// recorded after it and by then (found through the account event index). One statement whatever the account's history, so
/// the checkpoint and the events come from the same snapshot; exact whatever the daemon has reached (what it has not
/// checkpointed yet is replayed).
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

        var (checkpoints, events) = await StartsAsync(session, accountIds, asOf, on, on, through, cancellation);
        var byAccount = events.ToLookup(e => ((IAccountEvent)e.Data).AccountId);
        return accountIds
            .Select(id => AccountCheckpoints.AsOf(id, checkpoints.GetValueOrDefault(id), byAccount[id], asOf, on))
            .Where(view => view.Status is not null)
            .ToDictionary(view => view.AccountId);
    }

    /// <summary>
    /// Where a run of views of one account over business dates <paramref name="from"/> to <paramref name="to"/> (as recorded by
    /// <paramref name="asOf"/>) starts: the checkpoint serving the view of <paramref name="from"/> (the one
    /// <see cref="AccountCheckpoints.Nearest"/> chooses), and every event of the account recorded after it and by
    /// <paramref name="asOf"/>, dated by <paramref name="to"/>, in the order they were recorded. The view of any date D in the run
    /// is the checkpoint plus those of the events dated by D (<see cref="AccountCheckpoints.AsOf"/>): one statement for the run.
    /// </summary>
    public static async Task<(AccountViewCheckpoint? From, IReadOnlyList<IEvent> Later)> RunAsync(
        IQuerySession session, Guid accountId, DateTimeOffset asOf, DateOnly from, DateOnly to, CancellationToken cancellation)
    {
        var (checkpoints, events) = await StartsAsync(session, [accountId], asOf, from, to, through: null, cancellation);
        return (checkpoints.GetValueOrDefault(accountId), events);
    }

    /// <summary>
    /// For each account, the checkpoint <see cref="AccountCheckpoints.Nearest"/> chooses for views recorded by
    /// <paramref name="asOf"/>, of the facts dated by <paramref name="startOn"/>, up to global sequence <paramref name="through"/>
    /// (the latest of the current shape within all three; null: no bound), and the account's events after it, recorded by then,
    /// dated by <paramref name="on"/> and up to <paramref name="through"/>, in the order they were recorded.
    /// One statement: the checkpoint and the events are read from the same snapshot, so a checkpoint the daemon moves on
    /// meanwhile cannot hold events the view must leave out.
    /// </summary>
    public static async Task<(Dictionary<Guid, AccountViewCheckpoint> Checkpoints, List<IEvent> Events)> StartsAsync(
        IQuerySession session, Guid[] accountIds, DateTimeOffset? asOf, DateOnly? startOn, DateOnly? on, long? through, CancellationToken cancellation)
    {
        // One account (a past view, a run of them) by a scalar: with an array, the generic plan is priced for ten accounts, so
        // PostgreSQL planned the statement again on every call (0.38 ms of its CPU, three times running it).
        await using var command = new Npgsql.NpgsqlCommand(accountIds.Length == 1 ? Sql(session).StartOne : Sql(session).Starts);
        command.Parameters.Add(accountIds.Length == 1
            ? new Npgsql.NpgsqlParameter<Guid>("accounts", accountIds[0])
            : new Npgsql.NpgsqlParameter<Guid[]>("accounts", accountIds));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<uint>("shape", AccountViews.Shape) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset>("recordedBy", asOf?.ToUniversalTime() ?? NoLimit));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset>("startDatedBefore", startOn is { } start ? BusinessTime.EndOf(start) : NoLimit));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset>("datedBefore", on is { } date ? BusinessTime.EndOf(date) : NoLimit));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long>("through", through ?? long.MaxValue));
        await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        var serializer = session.DocumentStore.Options.Serializer();
        var mappings = Mappings(session.DocumentStore);
        var checkpoints = new Dictionary<Guid, AccountViewCheckpoint>();
        var events = new List<IEvent>();
        while (await reader.ReadAsync(cancellation))
        {
            // The checkpoints come first (part 0), then the events in the order they were recorded.
            if (reader.GetInt32(7) == 0)
            {
                var checkpoint = await serializer.FromJsonAsync<AccountViewCheckpoint>(reader, 0, cancellation);
                checkpoints[checkpoint.AccountId] = checkpoint;
                continue;
            }

            events.Add(await FoldedEventAsync(serializer, mappings, reader, cancellation));
        }

        return (checkpoints, events);
    }

    /// <summary>
    /// An event read as a row (<c>data, type, seq_id, version, stream_id, timestamp, id</c>) with what the fold reads of it: the
    /// data (through Marten's reader for its type, so upcasters apply), the sequence, version, stream, recorded time, name and
    /// id. Not its metadata (user, correlation, headers): whole events, for an audit, come from <see cref="BySequenceAsync"/>.
    /// Read through Marten's LINQ with every metadata column, the events took about a quarter of a past view's CPU.
    /// </summary>
    private static async Task<IEvent> FoldedEventAsync(
        ISerializer serializer, Dictionary<string, Marten.Events.EventMapping> mappings, System.Data.Common.DbDataReader reader, CancellationToken cancellation)
    {
        var type = reader.GetString(1);
        var mapping = mappings.GetValueOrDefault(type)
            ?? throw new InvalidOperationException($"The stored event type '{type}' is not registered with the event store.");
        var e = await mapping.ReadEventDataAsync(serializer, reader, cancellation);
        e.Sequence = reader.GetInt64(2);
        e.Version = reader.GetInt64(3);
        e.StreamId = reader.GetGuid(4);
        e.Timestamp = reader.GetFieldValue<DateTimeOffset>(5);
        e.Id = reader.GetGuid(6);
        e.EventTypeName = type;
        return e;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Dictionary<string, Marten.Events.EventMapping>> EventMappings = [];

    // The store's event mappings by stored name, once per store.
    private static Dictionary<string, Marten.Events.EventMapping> Mappings(IDocumentStore store) => EventMappings.GetValue(store, s =>
    {
        var graph = (Marten.Events.EventGraph)s.Options.Events;
        return graph.AllKnownEventTypes().Select(t => graph.EventMappingFor(t.EventType)).ToDictionary(m => m.EventTypeName, StringComparer.Ordinal);
    });

    private sealed record Statements(string Sequences, string Starts, string StartOne);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Statements> Built = [];

    // Built once per store: the same text every time, so each statement is prepared once per connection.
    private static Statements Sql(IQuerySession session) => Built.GetValue(session.DocumentStore, store =>
    {
        var index = store.Options.Schema.For<AccountEventRow>();
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        // The accounts' events after a sequence each, recorded in a window, dated before an instant and up to a sequence: one
        // range of the index on (account, sequence), its other conditions read from the index itself (ix_accounteventrow_sequence).
        // No limit parameter: with one, PostgreSQL plans the statement again on every call (its generic plan is priced for a
        // tenth of the rows); a limit, when there is one, is written into the text.
        var sequences = $"""
            select i.sequence from {index} as i
                join unnest(?::uuid[], ?::bigint[]) as a(id, after) on i.account_id = a.id and i.sequence > a.after
            where i.recorded_at <= ? and i.recorded_at > ? and i.business_time < ? and i.sequence <= ?
            order by i.sequence
            """;
        // Each account's checkpoint as AccountCheckpoints.Nearest chooses it (the latest that qualifies, found by the index on
        // (account, sequence)), then the account's events after it from the event index, read as the fold reads them (the
        // stored data first, as Marten's readers expect it). The last column says which part a row is.
        string Starts(string accounts) => $"""
            with chosen as (
                select a.id as account_id, c.sequence, c.data
                from {accounts} as a(id)
                left join lateral (
                    select d.sequence, d.data from {store.Options.Schema.For<AccountViewCheckpoint>()} as d
                    where d.account_id = a.id and d.shape = @shape and d.recorded_up_to <= @recordedBy
                        and d.business_up_to < @startDatedBefore and d.sequence <= @through
                    order by d.sequence desc limit 1) as c on true)
            select c.data, null::varchar, c.sequence, null::bigint, c.account_id, null::timestamptz, null::uuid, 0
            from chosen as c where c.data is not null
            union all
            select e.data, e.type, e.seq_id, e.version, e.stream_id, e.timestamp, e.id, 1
            from chosen as c
                join {index} as i on i.account_id = c.account_id and i.sequence > coalesce(c.sequence, 0)
                join {events} as e on e.seq_id = i.sequence
            where i.recorded_at <= @recordedBy and i.business_time < @datedBefore and i.sequence <= @through
            order by 8, 3
            """;
        return new Statements(
            sequences, Starts("unnest(@accounts::uuid[])"), Starts("(values (@accounts::uuid))"));
    });

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
    public static async Task<IReadOnlyList<IEvent>> RecordedBetweenAsync(
        IQuerySession session, Guid accountId, DateTimeOffset recordedAfter, DateTimeOffset recordedBy, long after, int limit, CancellationToken cancellation)
    {
        // Whole events, with who recorded them: an audit shows them.
        var sequences = await session.AdvancedSql.QueryAsync<long>(
            $"{Sql(session).Sequences} limit {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            cancellation, new[] { accountId }, new[] { after }, recordedBy, recordedAfter, NoLimit, long.MaxValue);
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
