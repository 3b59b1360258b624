using JasperFx.Events;
using JasperFx.Events.Projections;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.History;

/// <summary>
/// A derived, rebuildable copy of an <see cref="AccountView"/> at one point of the account's history, so a past view replays
/// only the events recorded after the nearest checkpoint instead of the account's whole history. One every
/// <see cref="AccountCheckpoints.Interval"/> events of the account, plus a moving "tip" after its latest event.
/// </summary>
public sealed class AccountViewCheckpoint
{
    /// <summary><c>{account}/{event count}</c>, or <c>{account}/tip</c> for the moving tip.</summary>
    public string Id { get; set; } = "";

    /// <summary>The account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>Global sequence of the last event in the view.</summary>
    public long Sequence { get; set; }

    /// <summary>The latest recorded time of the events in the view: the checkpoint serves views as of this time or later.</summary>
    public DateTimeOffset RecordedUpTo { get; set; }

    /// <summary>The latest business time of the events in the view: the checkpoint serves views of business dates from this one on.</summary>
    public DateTimeOffset BusinessUpTo { get; set; }

    /// <summary>The <see cref="AccountViews.Shape"/> it was built with.</summary>
    public uint Shape { get; set; }

    /// <summary>The view (not read with the marks that choose a checkpoint: building an empty one for each cost 7 % of a past view's CPU).</summary>
    public AccountView View { get; set; } = null!;
}

/// <summary>Where checkpoints are kept and which one serves a view: pure rules, shared by the projection, the reads and the tests.</summary>
public static class AccountCheckpoints
{
    /// <summary>Events of an account between two checkpoints: a past view replays fewer than this many (plus what the daemon has not reached).</summary>
    public const int Interval = 64;

    public static string TipId(Guid accountId) => $"{accountId:N}/tip";

    public static string Id(Guid accountId, int eventCount) => $"{accountId:N}/{eventCount:D10}";

    /// <summary>True when the view has just reached a checkpoint.</summary>
    public static bool IsDue(AccountView view) => view.EventCount > 0 && view.EventCount % Interval == 0;

    /// <summary>
    /// The checkpoint a view as of <paramref name="asOf"/> (and of business date <paramref name="on"/>) starts from: the latest whose
    /// every event was recorded by then (and dated by then).
    /// </summary>
    public static AccountViewCheckpoint? Nearest(IEnumerable<AccountViewCheckpoint> checkpoints, DateTimeOffset? asOf, DateOnly? on = null) =>
        checkpoints.Where(c => c.Shape == AccountViews.Shape && (asOf is null || c.RecordedUpTo <= asOf)
            && (on is null || c.BusinessUpTo < BusinessTime.EndOf(on.Value))).MaxBy(c => c.Sequence);

    /// <summary>
    /// The view as of <paramref name="asOf"/> (and, with <paramref name="on"/>, of the facts dated by then) from a checkpoint and the
    /// account's events recorded after it. Exact: a checkpoint holds every event of the account up to its sequence, all recorded
    /// by <paramref name="asOf"/> (and dated by <paramref name="on"/>), so adding the later events recorded (and dated) by then
    /// gives the same events, in the same order, as folding the whole history. The checkpoint's view is folded into, not copied:
    /// pass a checkpoint just loaded.
    /// </summary>
    public static AccountView AsOf(Guid accountId, AccountViewCheckpoint? from, IEnumerable<IEvent> later, DateTimeOffset? asOf, DateOnly? on = null) =>
        AccountViews.OnDate(AccountViews.Fold(
            from?.View ?? AccountView.Empty(accountId),
            later.Where(e => e.Sequence > (from?.Sequence ?? 0) && (asOf is null || e.Timestamp <= asOf) && (on is null || BusinessTime.DateOf(e.Data) <= on))
                .OrderBy(e => e.Sequence)), on);

    /// <summary>
    /// Folds the next event of the account into the view, as the projection does; returns the checkpoint that falls due with
    /// it, if any (a copy: the view goes on changing).
    /// </summary>
    public static AccountViewCheckpoint? Follow(AccountView view, IEvent e, Func<AccountView, AccountView> copy) =>
        IsDue(AccountViews.Apply(view, e)) ? Of(view, tip: false, copy) : null;

    /// <summary>A checkpoint of the view as it is now (a copy, unless it is the tip, stored as the batch ends).</summary>
    public static AccountViewCheckpoint Of(AccountView view, bool tip, Func<AccountView, AccountView> copy) => new()
    {
        Id = tip ? TipId(view.AccountId) : Id(view.AccountId, view.EventCount),
        AccountId = view.AccountId,
        Sequence = view.Sequence,
        RecordedUpTo = view.RecordedUpTo ?? DateTimeOffset.MinValue,
        BusinessUpTo = view.BusinessUpTo ?? DateTimeOffset.MinValue,
        Shape = AccountViews.Shape,
        View = tip ? view : copy(view),
    };
}

/// <summary>
/// Keeps the account view checkpoints, asynchronously (the async daemon), so writes pay nothing for them. Never reads the
/// clock. A rebuild deletes them and folds every event again, writing the same checkpoints.
/// </summary>
public sealed class AccountViewCheckpointProjection : ProjectionBase, IProjection
{
    public AccountViewCheckpointProjection()
    {
        Name = "AccountViewCheckpoints";
        Version = AccountViews.Shape;
        Lifecycle = ProjectionLifecycle.Async;
        RegisterPublishedType(typeof(AccountViewCheckpoint));
        Options.DeleteViewTypeOnTeardown<AccountViewCheckpoint>();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var accounts = events.Where(e => e.Data is IAccountEvent).GroupBy(e => ((IAccountEvent)e.Data).AccountId).ToList();
        if (accounts.Count == 0)
        {
            return;
        }

        var serializer = operations.DocumentStore.Options.Serializer();
        AccountView Copy(AccountView view) => serializer.FromJson<AccountView>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(serializer.ToJson(view))));

        var tips = (await operations.LoadManyAsync<AccountViewCheckpoint>(cancellation, accounts.Select(a => AccountCheckpoints.TipId(a.Key))))
            .Where(t => t.Shape == AccountViews.Shape)
            .ToDictionary(t => t.AccountId);
        foreach (var account in accounts)
        {
            var view = tips.GetValueOrDefault(account.Key)?.View;
            foreach (var e in account)
            {
                // An erasure masked the account's earlier events (and dropped its checkpoints): fold them again from the store,
                // as a rebuild would, so no checkpoint keeps what was erased and every past view equals a replay of the events.
                if ((view is null && e.Data is not KeyAccountDesignated) || e.Data is StakeholderPersonalDataErased)
                {
                    view = AccountView.Empty(account.Key);
                    foreach (var earlier in await AccountViewReads.EventsInStoreAsync(operations, account.Key, before: e.Sequence, cancellation))
                    {
                        Store(operations, AccountCheckpoints.Follow(view, earlier, Copy));
                    }
                }

                view ??= AccountView.Empty(account.Key);
                Store(operations, AccountCheckpoints.Follow(view, e, Copy));
            }

            operations.Store(AccountCheckpoints.Of(view!, tip: true, Copy));
        }
    }

    private static void Store(IDocumentOperations operations, AccountViewCheckpoint? checkpoint)
    {
        if (checkpoint is not null)
        {
            operations.Store(checkpoint);
        }
    }
}
