using Kam.EventStore.Relationships;
using Marten;

namespace Kam.EventStore.Interactions;

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
/// Contact questions answered from the interaction records: when each stakeholder and pair was last met (the relationship
/// map), and the last interaction when the account's tallies (Accounts/AccountActivity) no longer keep it.
/// </summary>
public static class Contacts
{
    /// <summary>The account's latest live interaction by when it happened, from the records (the tallies keep it almost always).</summary>
    public static async Task<LastInteraction?> LastAsync(IQuerySession session, Guid accountId, CancellationToken cancellation)
    {
        var last = await session.Query<InteractionRecord>()
            .Where(i => i.AccountId == accountId && !i.Retracted)
            .OrderByDescending(i => i.HappenedAt).ThenByDescending(i => i.Id)
            .FirstOrDefaultAsync(cancellation);
        return last is null ? null : new LastInteraction(last.Id, last.HappenedAt, last.Details.Kind, last.Details.Subject);
    }

    /// <summary><see cref="LastAsync"/> as the records stood at <paramref name="asOf"/>, among those that happened before <paramref name="until"/>.</summary>
    public static async Task<LastInteraction?> LastAsOfAsync(IQuerySession session, Guid accountId, DateTimeOffset asOf, DateTimeOffset until, CancellationToken cancellation)
    {
        var last = (await LiveAsOfAsync(session, accountId, asOf, cancellation)).Where(i => i.HappenedAt < until)
            .OrderByDescending(i => i.HappenedAt).ThenByDescending(i => i.InteractionId).FirstOrDefault();
        return last is null ? null : new LastInteraction(last.InteractionId, last.HappenedAt, last.Details.Kind, last.Details.Subject);
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
            $"""
            select json_build_object('StakeholderId', s.id, 'PersonId', coalesce(p.id, ''), 'LastAt', max(i.happened_at))
            from {session.DocumentStore.Options.Schema.For<InteractionRecord>()} i
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
    /// (the record, then each correction or retraction), retracted ones left out. One pass over the account's interaction
    /// events, found by kind in the account event index, so it costs what the account's interactions cost, not its whole history.
    /// </summary>
    public static async Task<IReadOnlyList<IInteractionEvent>> LiveAsOfAsync(
        IQuerySession session, Guid accountId, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var readings = await session.AdvancedSql.QueryAsync<long>(
            $"""
            select i.sequence from {History.AccountEventIndex.Table(session)} as i
            where i.account_id = ? and i.type = any(?) and i.recorded_at <= ?
            order by i.sequence
            """,
            cancellation, accountId, Readings, asOf);
        var events = await History.AccountViewReads.BySequenceAsync(session, readings, cancellation);
        return [.. events.GroupBy(e => e.StreamId).Select(g => g.Last().Data).OfType<IInteractionEvent>().Where(i => i is not InteractionRetracted)];
    }

    private static readonly string[] Readings = [nameof(InteractionRecorded), nameof(InteractionCorrected), nameof(InteractionRetracted)];

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
