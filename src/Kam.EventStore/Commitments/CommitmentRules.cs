using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Commitments;

/// <summary>What every change to an existing commitment carries.</summary>
public abstract record CommitmentChange : IExpectVersion
{
    /// <inheritdoc />
    public long? Version { get; init; }

    /// <summary>
    /// When it happened in business time; defaults to now (the answer says so). May be backdated; not into the future, and not
    /// before the commitment's latest fact (an approval not before the making, an acknowledgement not before the reassignment).
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What a successful change to a commitment answers.</summary>
/// <param name="CommitmentId">The commitment.</param>
/// <param name="Status">Its status after the change.</param>
/// <param name="Version">Its version after the change.</param>
/// <param name="OccurredAt">The business time recorded on the fact: as the request gave it (an instant, or the start of a past date), or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record CommitmentWritten(Guid CommitmentId, CommitmentStatus Status, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

/// <summary>The rules every change to a commitment shares.</summary>
public static class CommitmentRules
{
    /// <summary>
    /// The business time of a change dated <paramref name="on"/> (or by <c>occurredAt</c>, or now): 400 when in the future or
    /// when <c>occurredAt</c> falls on another date; 422 <c>out-of-order</c> when before the commitment's latest fact.
    /// </summary>
    public static ProblemDetails Dated(FieldErrors errors, CommitmentChange change, string dateField, DateOnly? on, Commitment commitment, DateTimeOffset now)
    {
        errors.NotInFuture("occurredAt", change.OccurredAt, now).NotInFuture(dateField, on, now);
        if (on is { } date && change.OccurredAt is { } at && BusinessTime.Today(at) != date)
        {
            errors.Add("occurredAt", $"Must fall on {dateField} ({date:yyyy-MM-dd}) when both are given.");
        }

        return errors.Any
            ? errors.ToProblem()
            : BusinessTime.NotBefore(change.OccurredAt is null ? dateField : "occurredAt", BusinessTime.Resolve(change.OccurredAt, on, now),
                commitment.LastFactAt, "The commitment's latest fact");
    }

    /// <summary>A change dated by <c>occurredAt</c> alone.</summary>
    public static ProblemDetails Dated(FieldErrors errors, CommitmentChange change, Commitment commitment, DateTimeOffset now) =>
        Dated(errors, change, "occurredAt", null, commitment, now);

    /// <summary>When the change happened in business time.</summary>
    public static DateTimeOffset When(this CommitmentChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.Resolve(change.OccurredAt, on, now);

    /// <summary>The business date of the change.</summary>
    public static DateOnly On(this CommitmentChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.DateOf(change.OccurredAt, on, now);
}
