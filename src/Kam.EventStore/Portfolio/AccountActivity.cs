using JasperFx.Events;
using JasperFx.Events.Projections;
using Kam.EventStore.Commitments;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.Portfolio;

/// <summary>
/// What moves on an account outside its own stream: its contact with the customer (interaction streams) and its promises
/// (commitment streams), kept as tallies so that a status read is two documents by id and no aggregation. Figures that move
/// with the clock ("the last 30 days") are kept so the window is applied when read (<c>AccountActivities.Show</c>).
/// The same fold builds it as events arrive (inline) and inside every past view of the account (History/AccountView), so the
/// status now and as of any instant come from one piece of code.
/// </summary>
public sealed class AccountActivity
{
    /// <summary>The account.</summary>
    public Guid Id { get; set; }

    /// <summary>The latest recorded time of the events folded in.</summary>
    public DateTimeOffset RecordedUpTo { get; set; }

    /// <summary>
    /// The latest business time of the events folded in. The tallies are shown at an instant no earlier than this or no earlier
    /// than <see cref="RecordedUpTo"/> (now, a recorded instant, or the end of a business date whose facts they hold), so what
    /// happened 91 days before the earlier of the two is all that must be kept in detail.
    /// </summary>
    public DateTimeOffset BusinessUpTo { get; set; }

    /// <summary>Live interactions: the latest ones, and who and which levels they reached.</summary>
    public ContactTally Contacts { get; set; } = new();

    /// <summary>Open commitments, and the closed ones in numbers.</summary>
    public PromiseTally Promises { get; set; } = new();
}

/// <summary>
/// The account's live (recorded, not retracted) interactions, kept bounded: <see cref="Latest"/> holds every live interaction
/// that happened within <see cref="ContactTally.Window"/> of the latest recorded time (so any "last N days" up to 90 counted
/// from then on is exact), and at least <see cref="ContactTally.Keep"/> of the newest. The others are only counted
/// (<see cref="Earlier"/>): each happened before every one in <see cref="Latest"/>.
/// </summary>
public sealed class ContactTally
{
    /// <summary>How far back from the latest recorded time every live interaction is kept: the longest window shown, and a day.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(91);

    /// <summary>The newest live interactions kept however old they are, so the last interaction is known after a few retractions.</summary>
    public const int Keep = 4;

    /// <summary>The latest live interactions, newest first.</summary>
    public List<ContactEntry> Latest { get; set; } = [];

    /// <summary>Live interactions not in <see cref="Latest"/>, all of which happened before every one in it.</summary>
    public int Earlier { get; set; }

    /// <summary>Stakeholders met, with the number of live interactions they took part in.</summary>
    public SortedDictionary<Guid, int> Stakeholders { get; set; } = [];

    /// <summary>Organisation levels met (each stakeholder's level at the time), with the number of participations.</summary>
    public SortedDictionary<OrganisationLevel, int> Levels { get; set; } = [];

    /// <summary>True when the last interaction is not among those kept (every kept one was retracted or moved back in time).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool LastUnknown => Latest.Count == 0 && Earlier > 0;
}

/// <summary>One live interaction as the tally keeps it.</summary>
/// <param name="InteractionId">The interaction.</param>
/// <param name="HappenedAt">When it happened.</param>
/// <param name="Kind">What kind of interaction.</param>
/// <param name="Subject">Its subject.</param>
public sealed record ContactEntry(Guid InteractionId, DateTimeOffset HappenedAt, InteractionKind Kind, string Subject);

/// <summary>
/// The account's commitments in numbers: each open one as it stands (for its status, overdue flag and due date; without its
/// text), and the closed ones counted as they closed.
/// </summary>
public sealed class PromiseTally
{
    /// <summary>Open commitments (in force or pending approval) by id, advanced by <see cref="Commitment.Advance"/>.</summary>
    public SortedDictionary<Guid, Commitment> Open { get; set; } = [];

    /// <summary>Commitments closed as kept.</summary>
    public int Fulfilled { get; set; }

    /// <summary>Commitments closed as broken.</summary>
    public int Broken { get; set; }

    /// <summary>Of the kept or broken ones, those kept by their due date.</summary>
    public int KeptOnTime { get; set; }
}

/// <summary>
/// What a status now shows of the stored <see cref="AccountActivity"/>, and no more: the status read computes it from the
/// stored document in its statement (<c>AccountStatusReads</c>) instead of reading every open commitment and every stakeholder
/// met into memory, which was most of the read's CPU. Shown by the same code as the tallies
/// (<see cref="AccountActivities.Show(IReadOnlyList{ContactEntry}, int, IEnumerable{OrganisationLevel}, DateTimeOffset, LastInteraction?)"/>).
/// </summary>
/// <param name="Latest">The tally's <see cref="ContactTally.Latest"/>: the window is applied when shown.</param>
/// <param name="Earlier">The tally's <see cref="ContactTally.Earlier"/>.</param>
/// <param name="Stakeholders">How many stakeholders were met (<see cref="ContactTally.Stakeholders"/>).</param>
/// <param name="Levels">The levels met (<see cref="ContactTally.Levels"/>).</param>
/// <param name="Open">Open commitments (<see cref="PromiseTally.Open"/>).</param>
/// <param name="Overdue">Of those, the ones recorded as overdue.</param>
/// <param name="Pending">Of those, the ones pending approval.</param>
/// <param name="Fulfilled">The tally's <see cref="PromiseTally.Fulfilled"/>.</param>
/// <param name="Broken">The tally's <see cref="PromiseTally.Broken"/>.</param>
/// <param name="KeptOnTime">The tally's <see cref="PromiseTally.KeptOnTime"/>.</param>
public sealed record ActivityFigures(
    List<ContactEntry> Latest, int Earlier, int Stakeholders, List<OrganisationLevel> Levels, int Open, int Overdue, int Pending, int Fulfilled,
    int Broken, int KeptOnTime)
{
    /// <summary>An account without tallies yet.</summary>
    public static readonly ActivityFigures None = new([], 0, 0, [], 0, 0, 0, 0, 0, 0);

    /// <summary>True when the last interaction is not among those kept (<see cref="ContactTally.LastUnknown"/>).</summary>
    public bool LastUnknown => Latest.Count == 0 && Earlier > 0;

    /// <summary>
    /// The SQL expression of the figures of the stored tally <c>{alias}.data</c> (null without one); <c>{promises}</c> is a lateral
    /// join over its open commitments with the columns <c>open, overdue, pending</c> (<see cref="OpenCommitments"/>).
    /// </summary>
    public static string Sql(string alias, string promises) =>
        $"case when {alias}.data is null then null else jsonb_build_object(" +
        $"'Latest', {alias}.data -> 'Contacts' -> 'Latest', 'Earlier', {alias}.data -> 'Contacts' -> 'Earlier', " +
        $"'Stakeholders', (select count(*) from jsonb_object_keys({alias}.data -> 'Contacts' -> 'Stakeholders')), " +
        $"'Levels', coalesce((select jsonb_agg(k) from jsonb_object_keys({alias}.data -> 'Contacts' -> 'Levels') as k), '[]'::jsonb), " +
        $"'Open', {promises}.open, 'Overdue', {promises}.overdue, 'Pending', {promises}.pending, " +
        $"'Fulfilled', {alias}.data -> 'Promises' -> 'Fulfilled', 'Broken', {alias}.data -> 'Promises' -> 'Broken', " +
        $"'KeptOnTime', {alias}.data -> 'Promises' -> 'KeptOnTime') end";

    /// <summary>The lateral join counting the open commitments of the stored tally <c>{alias}.data</c>, as <c>{promises}</c>.</summary>
    public static string OpenCommitments(string alias, string promises) =>
        $"left join lateral (select count(*) as open, count(*) filter (where (o.value ->> 'Overdue')::boolean) as overdue, " +
        $"count(*) filter (where o.value ->> 'Status' = '{nameof(CommitmentStatus.PendingApproval)}') as pending " +
        $"from jsonb_each({alias}.data -> 'Promises' -> 'Open') as o) as {promises} on true";
}

/// <summary>The fold of <see cref="AccountActivity"/> and how it is shown at an instant: pure, shared by the now and past reads.</summary>
public static class AccountActivities
{
    /// <summary>Folds one event of the account into the tallies; events that are neither contact nor promise leave them as they are.</summary>
    public static AccountActivity Apply(AccountActivity activity, IEvent e)
    {
        if (!Folds(e, activity.Id))
        {
            return activity;
        }

        if (e.Timestamp > activity.RecordedUpTo)
        {
            activity.RecordedUpTo = e.Timestamp;
        }

        if (BusinessTime.Of(e.Data) is var businessTime && businessTime > activity.BusinessUpTo)
        {
            activity.BusinessUpTo = businessTime;
        }

        var horizon = Horizon(activity);
        if (e.Data is IInteractionEvent interaction)
        {
            Contact(activity.Contacts, interaction, horizon);
        }
        else
        {
            Promise(activity.Promises, e.StreamId, e.Data);
        }

        Prune(activity.Contacts, horizon);
        return activity;
    }

    // Interactions that happened before this are kept only as a count, beyond the newest few.
    private static DateTimeOffset Horizon(AccountActivity activity)
    {
        var shownFrom = activity.RecordedUpTo < activity.BusinessUpTo ? activity.RecordedUpTo : activity.BusinessUpTo;
        return shownFrom - DateTimeOffset.MinValue > ContactTally.Window ? shownFrom - ContactTally.Window : DateTimeOffset.MinValue;
    }

    /// <summary>True for the events the tallies fold: contact and promises, which live on streams of their own.</summary>
    public static bool Folds(IEvent e, Guid accountId) =>
        e.Data is IInteractionEvent || (e.Data is IAccountEvent and not NoteRecorded && e.StreamId != accountId);

    private static void Contact(ContactTally tally, IInteractionEvent e, DateTimeOffset horizon)
    {
        switch (e)
        {
            case InteractionRecorded recorded:
                Count(tally, recorded.Details, +1);
                Track(tally, Entry(recorded.InteractionId, recorded.OccurredAt, recorded.Details), horizon);
                break;
            case InteractionCorrected corrected:
                Count(tally, corrected.Previous, -1);
                Count(tally, corrected.Details, +1);
                Untrack(tally, corrected.InteractionId);
                Track(tally, Entry(corrected.InteractionId, corrected.HappenedAt, corrected.Details), horizon);
                break;
            case InteractionRetracted retracted:
                Count(tally, retracted.Details, -1);
                Untrack(tally, retracted.InteractionId);
                break;
        }
    }

    private static ContactEntry Entry(Guid id, DateTimeOffset happenedAt, InteractionDetails details) =>
        new(id, happenedAt, details.Kind, details.Subject);

    // Kept when it is recent, or no older than the oldest kept (then every untracked one is older still), or nothing is untracked.
    private static void Track(ContactTally tally, ContactEntry entry, DateTimeOffset horizon)
    {
        if (entry.HappenedAt > horizon || tally.Earlier == 0 || (tally.Latest.Count > 0 && entry.HappenedAt >= tally.Latest[^1].HappenedAt))
        {
            var at = tally.Latest.FindIndex(kept => Newer(entry, kept));
            tally.Latest.Insert(at < 0 ? tally.Latest.Count : at, entry);
        }
        else
        {
            tally.Earlier++;
        }
    }

    private static void Untrack(ContactTally tally, Guid interactionId)
    {
        if (tally.Latest.RemoveAll(kept => kept.InteractionId == interactionId) == 0)
        {
            tally.Earlier--;
        }
    }

    private static bool Newer(ContactEntry a, ContactEntry b) =>
        a.HappenedAt > b.HappenedAt || (a.HappenedAt == b.HappenedAt && a.InteractionId.CompareTo(b.InteractionId) > 0);

    // The oldest kept ones beyond the window stop being kept, newest first order preserved, at least Keep left.
    private static void Prune(ContactTally tally, DateTimeOffset horizon)
    {
        while (tally.Latest.Count > ContactTally.Keep && tally.Latest[^1].HappenedAt <= horizon)
        {
            tally.Latest.RemoveAt(tally.Latest.Count - 1);
            tally.Earlier++;
        }
    }

    private static void Count(ContactTally tally, InteractionDetails details, int by)
    {
        foreach (var participant in details.TheirParticipants)
        {
            Add(tally.Stakeholders, participant.StakeholderId, by);
            Add(tally.Levels, participant.Level, by);
        }
    }

    // Keys whose count drops to zero go, so "met" means "met in an interaction that still counts".
    private static void Add<TKey>(SortedDictionary<TKey, int> counts, TKey key, int by) where TKey : notnull
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

    private static void Promise(PromiseTally tally, Guid commitmentId, object e)
    {
        var before = tally.Open.GetValueOrDefault(commitmentId);
        if (before is null && e is not CommitmentMade)
        {
            // A closed commitment takes no more changes, and a stream that is not a commitment's never starts one.
            return;
        }

        if (Commitment.Advance(before, e) is not { } after)
        {
            return;
        }

        if (after.IsOpen)
        {
            // The text is not needed for the figures, and the tally is read with every status.
            tally.Open[commitmentId] = after with { Description = "", MadeTo = [], Value = null, DiscountPercent = null };
            return;
        }

        tally.Open.Remove(commitmentId);
        tally.Fulfilled += after.Status == CommitmentStatus.Fulfilled ? 1 : 0;
        tally.Broken += after.Status == CommitmentStatus.Broken ? 1 : 0;
        tally.KeptOnTime += after.KeptOnTime == true ? 1 : 0;
    }

    /// <summary>
    /// The contact activity shown at <paramref name="instant"/> (now, or the instant of a past view, never before the tallies'
    /// <see cref="AccountActivity.RecordedUpTo"/>): "the last 30 and 90 days" counted back from it.
    /// <paramref name="last"/> is the last interaction when the tally does not keep it (<see cref="ContactTally.LastUnknown"/>).
    /// </summary>
    public static InteractionActivity Show(ContactTally tally, DateTimeOffset instant, LastInteraction? last = null) =>
        Show(tally.Latest, tally.Stakeholders.Count, tally.Levels.Keys, instant, last);

    /// <summary>
    /// The same from the parts of the tally it shows (<see cref="ContactTally.Latest"/>, how many stakeholders and which levels
    /// were met): what the status read takes from the stored tally (<see cref="ActivityFigures"/>).
    /// </summary>
    public static InteractionActivity Show(
        IReadOnlyList<ContactEntry> latest, int stakeholders, IEnumerable<OrganisationLevel> levels, DateTimeOffset instant, LastInteraction? last = null)
    {
        var since30 = instant.AddDays(-30);
        var since90 = instant.AddDays(-90);
        var newest = latest.Count > 0 ? latest[0] : null;
        return new InteractionActivity(
            newest is null ? last : new LastInteraction(newest.InteractionId, newest.HappenedAt, newest.Kind, newest.Subject),
            latest.Count(i => i.HappenedAt > since30),
            latest.Count(i => i.HappenedAt > since90),
            stakeholders,
            [.. levels.Order()]);
    }

    /// <summary>
    /// Until when the contact activity shown at <paramref name="instant"/> stays as it is, the tally unchanged: the first instant
    /// at which an interaction counted in "the last 30 days" or "the last 90 days" falls out of that window. As time goes on the
    /// windows only lose interactions (one in the future, within the allowed skew, is already counted), so nothing else can
    /// change what <see cref="Show(IReadOnlyList{ContactEntry}, int, IEnumerable{OrganisationLevel}, DateTimeOffset, LastInteraction?)"/>
    /// answers before then. <see cref="DateTimeOffset.MaxValue"/> when no interaction is counted.
    /// </summary>
    public static DateTimeOffset ShownUntil(IReadOnlyList<ContactEntry> latest, DateTimeOffset instant)
    {
        var since30 = instant.AddDays(-30);
        var since90 = instant.AddDays(-90);
        var until = DateTimeOffset.MaxValue;
        foreach (var contact in latest)
        {
            // Show counts HappenedAt > instant - n days: the contact leaves the window at HappenedAt + n days exactly.
            if (contact.HappenedAt > since30 && contact.HappenedAt.AddDays(30) < until)
            {
                until = contact.HappenedAt.AddDays(30);
            }

            if (contact.HappenedAt > since90 && contact.HappenedAt.AddDays(90) < until)
            {
                until = contact.HappenedAt.AddDays(90);
            }
        }

        return until;
    }

    /// <summary>
    /// The commitment figures: as recorded (overdue once the due check recorded it), or on business date <paramref name="on"/>
    /// (overdue when open and past the due date in force then, <see cref="Commitment.On"/>).
    /// </summary>
    public static CommitmentSummary Show(PromiseTally tally, DateOnly? on = null)
    {
        var open = on is { } date ? [.. tally.Open.Values.Select(c => c.On(date))] : tally.Open.Values.ToList();
        return Show(
            open.Count, open.Count(c => c.Overdue), open.Count(c => c.Status == CommitmentStatus.PendingApproval), tally.Fulfilled, tally.Broken,
            tally.KeptOnTime);
    }

    /// <summary>The commitment figures from the tally's counts (<see cref="ActivityFigures"/> has them as recorded).</summary>
    public static CommitmentSummary Show(int open, int overdue, int pending, int fulfilled, int broken, int keptOnTime)
    {
        var ended = fulfilled + broken;
        return new CommitmentSummary(open, overdue, pending, fulfilled, broken, ended == 0 ? null : Math.Round((decimal)keptOnTime / ended, 4));
    }
}

/// <summary>
/// Keeps <see cref="AccountActivity"/> as interactions and commitments are recorded, inline, so a status read right after a
/// write shows it. The document is shared by every interaction and commitment stream of the account, which commit
/// independently: inline, the projection takes a per-account transaction lock before it loads the document, so two writes on
/// one account's streams apply one after the other instead of one overwriting the other's count. Never reads the clock.
/// </summary>
public sealed class AccountActivityProjection : ProjectionBase, IProjection
{
    /// <summary>Namespace of the per-account transaction locks (pg_advisory_xact_lock), so they meet no other lock of ours.</summary>
    private const long LockSpace = 0x4b414d_4143540000; // "KAM" "ACT"

    public AccountActivityProjection()
    {
        Name = nameof(AccountActivity);
        RegisterPublishedType(typeof(AccountActivity));
        Options.DeleteViewTypeOnTeardown<AccountActivity>();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var accounts = events.Where(e => e.Data is IAccountEvent fact && AccountActivities.Folds(e, fact.AccountId))
            .GroupBy(e => ((IAccountEvent)e.Data).AccountId)
            .ToDictionary(g => g.Key, g => g.ToList());
        if (accounts.Count == 0)
        {
            return;
        }

        var ids = accounts.Keys.Order().ToArray();
        IReadOnlyList<AccountActivity> loaded;
        if (Inline(operations) is { } session)
        {
            // In the write's own transaction: the lock first (in id order, so two writes never wait on each other in a
            // cycle), then the documents, read after the lock is granted (READ COMMITTED reads anew at each statement).
            await session.BeginTransactionAsync(cancellation);
            var batch = session.CreateBatchQuery();
            var keys = ids.Select(LockKey).ToArray();
            var locked = batch.Query<string>("select count(*)::text from (select pg_advisory_xact_lock(o.k) from (select k from unnest(?) as k order by k) as o) as l", (object)keys);
            var documents = batch.LoadMany<AccountActivity>().ById(ids);
            await batch.Execute(cancellation);
            await locked;
            loaded = await documents;
        }
        else
        {
            loaded = await operations.LoadManyAsync<AccountActivity>(cancellation, ids);
        }

        var existing = loaded.ToDictionary(a => a.Id);
        foreach (var (id, mine) in accounts)
        {
            var activity = existing.GetValueOrDefault(id) ?? new AccountActivity { Id = id };
            foreach (var e in mine)
            {
                AccountActivities.Apply(activity, e);
            }

            operations.Store(activity);
        }
    }

    /// <summary>The writer's session when the projection runs inline; null inside the async daemon (rebuilds), which writes alone.</summary>
    private static IDocumentSession? Inline(IDocumentOperations operations) =>
        operations is IDocumentSession session && operations.GetType().Name != "ProjectionDocumentSession" ? session : null;

    private static long LockKey(Guid accountId)
    {
        Span<byte> bytes = stackalloc byte[16];
        accountId.TryWriteBytes(bytes);
        return LockSpace ^ BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }
}
