using Kam.EventStore.Observability;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// The durable check scheduled for the day after a commitment's due date. Stored by Wolverine in PostgreSQL with
/// the commitment's own transaction, so it survives restarts; an amended due date schedules a new check and the
/// old one finds its due date stale and does nothing.
/// </summary>
/// <param name="CommitmentId">The commitment.</param>
/// <param name="DueOn">The due date this check was scheduled for.</param>
public sealed record CheckCommitmentDue(Guid CommitmentId, DateOnly DueOn);

public static class DueChecks
{
    /// <summary>The service's name on the events it records by itself.</summary>
    public const string Checker = "system:overdue-check";

    /// <summary>Schedules the check for the start of the day after <paramref name="dueOn"/> (UTC).</summary>
    public static void Schedule(OutgoingMessages messages, Guid commitmentId, DateOnly? dueOn)
    {
        if (dueOn is { } due)
        {
            messages.Schedule(new CheckCommitmentDue(commitmentId, due), new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }
    }
}

public static class CheckCommitmentDueHandler
{
    /// <summary>What the service records on its own is recorded by the service, in Marten's recorded-by as in the event's <c>By</c>.</summary>
    public static void Before(IDocumentSession session) => session.LastModifiedBy = DueChecks.Checker;

    /// <summary>
    /// Appends <c>CommitmentBecameOverdue</c>, dated the start of the day after the due date, when that day has come and the
    /// commitment is still open, once: a check for a due date that was since amended, a closed or already overdue commitment,
    /// or one that fires early appends nothing.
    /// </summary>
    public static Events Handle(CheckCommitmentDue message, [WriteCommitment] Commitment commitment, DateTimeOffset now)
    {
        var overdueFrom = BusinessTime.StartOf(message.DueOn.AddDays(1));
        var becameOverdue = commitment is { IsOpen: true, Overdue: false } && commitment.DueOn == message.DueOn && now >= overdueFrom;
        Observability.Telemetry.OverdueChecked(message.CommitmentId, message.DueOn, becameOverdue ? "became-overdue"
            : commitment.DueOn != message.DueOn ? "due-date-changed"
            : !commitment.IsOpen ? "closed"
            : commitment.Overdue ? "already-overdue"
            : "not-yet-due");
        return becameOverdue
            ? [new CommitmentBecameOverdue(commitment.AccountId, commitment.Id, message.DueOn, overdueFrom, DueChecks.Checker)]
            : [];
    }
}
