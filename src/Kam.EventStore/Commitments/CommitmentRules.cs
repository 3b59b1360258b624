using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Commitments;

/// <summary>What every change to a commitment carries.</summary>
public interface ICommitmentChange
{
    /// <summary>The commitment version the change was decided on; optional, or as <c>If-Match</c>. A mismatch is 409.</summary>
    long? Version { get; }
}

/// <summary>What a successful change to a commitment answers.</summary>
/// <param name="CommitmentId">The commitment.</param>
/// <param name="Status">Its status after the change.</param>
/// <param name="Version">Its version after the change.</param>
public sealed record CommitmentWritten(Guid CommitmentId, CommitmentStatus Status, long Version);

public static class CommitmentRules
{
    /// <summary>Field errors (400), then the expected version (409), then: a closed commitment takes no change (409).</summary>
    public static ProblemDetails Check(ICommitmentChange change, FieldErrors errors, Commitment commitment, long? version, HttpContext context)
    {
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var expected = ExpectedVersion.Check(context, change.Version, version ?? 0);
        if (Problems.Found(expected))
        {
            return expected;
        }

        return commitment.IsOpen
            ? Problems.None
            : Problems.Conflict("commitment-closed", $"The commitment is {commitment.Status}{(commitment.ClosedOn is { } on ? $" since {on:yyyy-MM-dd}" : "")}; it takes no further change.");
    }

    /// <summary>A business date of a closing fact: not before the commitment was made, not in the future.</summary>
    public static FieldErrors ClosingDate(this FieldErrors errors, string field, DateOnly? date, Commitment commitment, DateTimeOffset now)
    {
        if (date is null)
        {
            return errors.Add(field, "Required.");
        }

        if (date < commitment.MadeOn)
        {
            errors.Add(field, $"Must not be before the commitment was made ({commitment.MadeOn:yyyy-MM-dd}).");
        }

        return errors.NotInFuture(field, date, now);
    }

    /// <summary>The answer to a change that appends <paramref name="appended"/> events.</summary>
    public static CommitmentWritten Written(this IEventStream<Commitment> stream, CommitmentStatus status, int appended = 1) =>
        new(stream.Id, status, (stream.StartingVersion ?? 0) + appended);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
