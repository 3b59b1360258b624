using Kam.EventStore.History;
using Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// The scheduled overdue check records what the records said when it ran. When an amendment recorded later, and dated before
/// the check, moved the due date (or a fulfilment recorded later was dated before it), the check's entry is stale: on the
/// business timeline the commitment was never overdue then, and the entry is left out, as the folds disregard the event.
/// </summary>
public static class StaleOverdueChecks
{
    /// <summary>
    /// The ids of the rows among <paramref name="rows"/> (timeline rows: id, stored event name, global sequence) that are stale
    /// overdue checks, as recorded by <paramref name="asOf"/>.
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> AmongAsync(
        IQuerySession session, IReadOnlyList<(Guid Id, string Kind, long Sequence)> rows, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var checks = rows.Where(r => r.Kind == nameof(CommitmentBecameOverdue)).ToList();
        if (checks.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var overdue = (await AccountViewReads.BySequenceAsync(session, [.. checks.Select(c => c.Sequence)], cancellation))
            .ToDictionary(e => e.Sequence, e => (CommitmentBecameOverdue)e.Data);
        var history = (await CommitmentHistory.EventsAsync(session, [.. overdue.Values.Select(o => o.CommitmentId).Distinct()], asOf, cancellation))
            .ToLookup(e => e.StreamId, e => e.Data);
        return checks.Where(c => IsStale(overdue[c.Sequence], history[overdue[c.Sequence].CommitmentId])).Select(c => c.Id).ToHashSet();
    }

    /// <summary>Stale: on the check's own date the commitment, as its facts dated by then stood, was not open with that due date.</summary>
    public static bool IsStale(CommitmentBecameOverdue check, IEnumerable<object> commitmentEvents)
    {
        var standing = Commitment.FoldOn(commitmentEvents, BusinessTime.DateOf(check));
        return standing is null || !standing.IsOpen || standing.DueOn != check.DueOn;
    }
}
