using Kam.EventStore.Relationships;
using Marten;
using Marten.Services.BatchQuerying;
using Marten.Events.Projections;

namespace Kam.EventStore.Interactions;

/// <summary>
/// Who of the customer's organisation the account's interactions have reached: each stakeholder met and each
/// organisation level met, with how many live (not retracted) interactions met them. One document per account, built
/// across every interaction stream of the account (grouped by the events' <c>AccountId</c>). Its size is bounded by the
/// account's stakeholders, not its interactions: a correction carries the record as it read before, so the counts move
/// by what changed without remembering every interaction.
/// </summary>
public sealed class AccountContacts
{
    /// <summary>The account id.</summary>
    public Guid Id { get; set; }

    /// <summary>Live (recorded, not retracted) interactions.</summary>
    public int Interactions { get; set; }

    /// <summary>Stakeholders met, with the number of live interactions they took part in.</summary>
    public Dictionary<Guid, int> StakeholdersMet { get; set; } = [];

    /// <summary>Organisation levels met (each stakeholder's level at the time), with the number of participations.</summary>
    public Dictionary<OrganisationLevel, int> LevelsMet { get; set; } = [];
}

/// <summary>Builds <see cref="AccountContacts"/> from every interaction stream, keyed by account. Never reads the clock.</summary>
public sealed partial class AccountContactsProjection : MultiStreamProjection<AccountContacts, Guid>
{
    public AccountContactsProjection()
    {
        Identity<IInteractionEvent>(e => e.AccountId);
    }

    public static void Apply(AccountContacts view, InteractionRecorded e) => Count(view, e.Details, +1);

    public static void Apply(AccountContacts view, InteractionCorrected e)
    {
        Count(view, e.Previous, -1);
        Count(view, e.Details, +1);
    }

    public static void Apply(AccountContacts view, InteractionRetracted e) => Count(view, e.Details, -1);

    private static void Count(AccountContacts view, InteractionDetails details, int by)
    {
        view.Interactions += by;
        foreach (var participant in details.TheirParticipants)
        {
            Add(view.StakeholdersMet, participant.StakeholderId, by);
            Add(view.LevelsMet, participant.Level, by);
        }
    }

    // Keys whose count drops to zero go, so "met" means "met in an interaction that still counts".
    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key, int by) where TKey : notnull
    {
        var count = counts.GetValueOrDefault(key) + by;
        if (count > 0)
        {
            counts[key] = count;
        }
        else
        {
            counts.Remove(key);
        }
    }
}

/// <summary>The account's interaction activity as dashboards show it with the account status.</summary>
/// <param name="LastInteraction">The latest live interaction by when it happened; null when there is none.</param>
/// <param name="InteractionsLast30Days">Live interactions that happened in the 30 days up to now.</param>
/// <param name="InteractionsLast90Days">Live interactions that happened in the 90 days up to now.</param>
/// <param name="DistinctStakeholdersMet">How many different stakeholders took part in live interactions.</param>
/// <param name="OrganisationLevelsMet">The organisation levels those stakeholders were at when met.</param>
public sealed record InteractionActivity(
    LastInteraction? LastInteraction, int InteractionsLast30Days, int InteractionsLast90Days, int DistinctStakeholdersMet,
    IReadOnlyList<OrganisationLevel> OrganisationLevelsMet)
{
    public static readonly InteractionActivity None = new(null, 0, 0, 0, []);
}

/// <summary>The latest interaction.</summary>
/// <param name="InteractionId">The interaction.</param>
/// <param name="HappenedAt">When it happened.</param>
/// <param name="Kind">What kind of interaction.</param>
/// <param name="Subject">Its subject.</param>
public sealed record LastInteraction(Guid InteractionId, DateTimeOffset HappenedAt, InteractionKind Kind, string Subject);

/// <summary>
/// Contact questions answered when asked. Counts "in the last N days" depend on the clock, which projections never
/// read, so they are counted at read time over the interaction records' (account, happened at) index, as is the last
/// interaction (exact even after the latest one is corrected or retracted, one index probe). Who was met comes from
/// <see cref="AccountContacts"/>.
/// </summary>
public static class Contacts
{
    /// <summary>The interaction activity of each account, as of <paramref name="now"/>: one database round trip.</summary>
    public static async Task<IReadOnlyDictionary<Guid, InteractionActivity>> ActivityAsync(
        IQuerySession session, IReadOnlyCollection<Guid> accountIds, DateTimeOffset now, CancellationToken cancellation)
    {
        if (accountIds.Count == 0)
        {
            return new Dictionary<Guid, InteractionActivity>();
        }

        var batch = session.CreateBatchQuery();
        var pending = Enlist(batch, accountIds, now);
        await batch.Execute(cancellation);
        return await pending();
    }

    /// <summary>
    /// Adds the activity queries of <paramref name="accountIds"/> to a batch the caller executes (so a read that needs
    /// more than the activity still makes one round trip); the returned function reads the answers after it ran.
    /// </summary>
    public static Func<Task<IReadOnlyDictionary<Guid, InteractionActivity>>> Enlist(
        IBatchedQuery batch, IReadOnlyCollection<Guid> accountIds, DateTimeOffset now)
    {
        var contacts = batch.LoadMany<AccountContacts>().ById([.. accountIds]);
        // Plain values only inside the queries: Marten compiles a method call on a captured value into new code on every read.
        var since30 = now.AddDays(-30);
        var since90 = now.AddDays(-90);
        var queries = accountIds.ToDictionary(id => id, id => (
            Last: batch.Query<InteractionRecord>().Where(i => i.AccountId == id && !i.Retracted).OrderByDescending(i => i.HappenedAt).FirstOrDefault(),
            In30: batch.Query<InteractionRecord>().Where(i => i.AccountId == id && !i.Retracted && i.HappenedAt > since30).Count(),
            In90: batch.Query<InteractionRecord>().Where(i => i.AccountId == id && !i.Retracted && i.HappenedAt > since90).Count()));

        return async () =>
        {
            var met = (await contacts).ToDictionary(c => c.Id);
            var activity = new Dictionary<Guid, InteractionActivity>();
            foreach (var (id, query) in queries)
            {
                var counts = met.GetValueOrDefault(id);
                var last = await query.Last;
                activity[id] = new InteractionActivity(
                    last is null ? null : new LastInteraction(last.Id, last.HappenedAt, last.Details.Kind, last.Details.Subject),
                    (int)await query.In30,
                    (int)await query.In90,
                    counts?.StakeholdersMet.Count ?? 0,
                    counts is null ? [] : [.. counts.LevelsMet.Keys.Order()]);
            }

            return activity;
        };
    }

    /// <summary>
    /// When each stakeholder, and each pair of our person and their stakeholder (<see cref="LinkState.Key"/>), was last in
    /// an interaction together on or before <paramref name="on"/>: aggregated in the database over the account's live
    /// interactions, so the answer holds for any date of the relationship map.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<Guid, DateOnly> Stakeholders, IReadOnlyDictionary<string, DateOnly> Pairs)> LastContactsAsync(
        IQuerySession session, Guid accountId, DateOnly on, CancellationToken cancellation)
    {
        var before = new DateTimeOffset(on.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await session.AdvancedSql.QueryAsync<ContactRow>(
            """
            select json_build_object('StakeholderId', s.id, 'PersonId', coalesce(p.id, ''), 'LastAt', max(i.happened_at))
            from mt_doc_interactionrecord i
                cross join lateral unnest(i.stakeholder_ids) as s(id)
                left join lateral unnest(i.person_ids) as p(id) on true
            where i.account_id = ? and not i.retracted and i.happened_at < ?
            group by grouping sets ((s.id), (s.id, p.id))
            """,
            cancellation, accountId, before);
        return (
            rows.Where(r => r.PersonId.Length == 0).ToDictionary(r => r.StakeholderId, r => DateOnly.FromDateTime(r.LastAt.UtcDateTime)),
            rows.Where(r => r.PersonId.Length > 0).ToDictionary(r => LinkState.Key(r.PersonId, r.StakeholderId), r => DateOnly.FromDateTime(r.LastAt.UtcDateTime)));
    }

    /// <summary>
    /// The account's interactions as the records stood at <paramref name="asOf"/>: each as its latest reading recorded by then
    /// (the timeline keeps one row per reading), retracted ones left out, with when it was recorded. One pass over the
    /// account's interaction readings, so it costs what the account's interactions cost, not its whole history.
    /// </summary>
    public static async Task<IReadOnlyList<IInteractionEvent>> LiveAsOfAsync(
        IQuerySession session, Guid accountId, DateTimeOffset asOf, CancellationToken cancellation)
    {
        // The account's interactions by the (account, happened at) index of their records (interactions are never deleted, so
        // every one that existed then has a record now), then each one's readings by the (entry, revision) index.
        var timeline = session.DocumentStore.Options.Schema.For<Timeline.TimelineEntry>();
        var records = session.DocumentStore.Options.Schema.For<InteractionRecord>();
        var readings = await session.AdvancedSql.QueryAsync<long>(
            $"""
            select r.sequence from (
                select distinct on (t.entry_id) t.sequence, (t.data ->> 'Retracted')::boolean as retracted from {timeline} as t
                where t.entry_id in (select i.id from {records} as i where i.account_id = ?) and t.kind = ? and t.recorded_at <= ?
                order by t.entry_id, t.revision desc) as r
            where not r.retracted
            """,
            cancellation, accountId, nameof(InteractionRecorded), asOf);
        var events = await History.AccountViewReads.BySequenceAsync(session, readings, cancellation);
        return [.. events.Select(e => e.Data).OfType<IInteractionEvent>()];
    }

    /// <summary><see cref="LastContactsAsync"/> as the records stood at <paramref name="asOf"/>.</summary>
    public static async Task<(IReadOnlyDictionary<Guid, DateOnly> Stakeholders, IReadOnlyDictionary<string, DateOnly> Pairs)> LastContactsAsOfAsync(
        IQuerySession session, Guid accountId, DateOnly on, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var stakeholders = new Dictionary<Guid, DateOnly>();
        var pairs = new Dictionary<string, DateOnly>();
        foreach (var interaction in await LiveAsOfAsync(session, accountId, asOf, cancellation))
        {
            var met = DateOnly.FromDateTime(interaction.HappenedAt.UtcDateTime);
            if (met > on)
            {
                continue;
            }

            foreach (var participant in interaction.Details.TheirParticipants)
            {
                Latest(stakeholders, participant.StakeholderId, met);
                foreach (var ours in interaction.Details.OurParticipants)
                {
                    Latest(pairs, Relationships.LinkState.Key(ours, participant.StakeholderId), met);
                }
            }
        }

        return (stakeholders, pairs);
    }

    /// <summary>
    /// The contact activity the account status showed at <paramref name="asOf"/>: the same figures as <see cref="Enlist"/>,
    /// over the interactions as recorded by then, with "the last 30 and 90 days" counted back from then.
    /// </summary>
    public static async Task<InteractionActivity> ActivityAsOfAsync(IQuerySession session, Guid accountId, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var live = await LiveAsOfAsync(session, accountId, asOf, cancellation);
        var last = live.OrderByDescending(i => i.HappenedAt).FirstOrDefault();
        return new InteractionActivity(
            last is null ? null : new LastInteraction(last.InteractionId, last.HappenedAt, last.Details.Kind, last.Details.Subject),
            live.Count(i => i.HappenedAt > asOf.AddDays(-30)),
            live.Count(i => i.HappenedAt > asOf.AddDays(-90)),
            live.SelectMany(i => i.Details.TheirParticipants).Select(p => p.StakeholderId).Distinct().Count(),
            [.. live.SelectMany(i => i.Details.TheirParticipants).Select(p => p.Level).Distinct().Order()]);
    }

    private static void Latest<TKey>(Dictionary<TKey, DateOnly> last, TKey key, DateOnly date) where TKey : notnull
    {
        if (!last.TryGetValue(key, out var known) || date > known)
        {
            last[key] = date;
        }
    }

    /// <summary>One aggregated row: a stakeholder (and, for a pair, our person) and their last contact.</summary>
    public sealed record ContactRow(Guid StakeholderId, string PersonId, DateTimeOffset LastAt);
}
