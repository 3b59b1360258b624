using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Accounts;

/// <summary>What every change to an existing account carries besides its own fields.</summary>
public interface IAccountChange
{
    /// <summary>
    /// The account version the change was decided on (from a read's <c>version</c> or <c>ETag</c>).
    /// Optional; may also be sent as <c>If-Match</c>. A mismatch is refused with 409.
    /// </summary>
    long? Version { get; }

    /// <summary>When it happened in business time; defaults to now, may be backdated, not in the future.</summary>
    DateTimeOffset? OccurredAt { get; }
}

/// <summary>The fields every change to an account carries.</summary>
public abstract record AccountChange : IAccountChange
{
    /// <inheritdoc />
    public long? Version { get; init; }

    /// <inheritdoc />
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What every write model of an account stream offers the shared checks.</summary>
public interface IAccountState
{
    /// <summary>The account id.</summary>
    Guid Id { get; }

    /// <summary>True once the key-account designation has ended.</summary>
    bool DesignationEnded { get; }
}

/// <summary>The checks every change to an existing account starts with, in the order clients need them.</summary>
public static class AccountChangeRules
{
    /// <summary>
    /// Field errors first (400), then the expected version (409), then whether the account still accepts
    /// changes (409): an ended designation keeps its history but takes no new facts.
    /// </summary>
    public static ProblemDetails Check(
        IAccountChange change, FieldErrors errors, IAccountState account, long? version, HttpContext context, DateTimeOffset now)
    {
        errors.NotInFuture("occurredAt", change.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var expected = ExpectedVersion.Check(context, change.Version, version ?? 0);
        if (Problems.Found(expected))
        {
            return expected;
        }

        return account.DesignationEnded
            ? Problems.Conflict("designation-ended", $"Key account {account.Id} is no longer a key account; its history is closed.")
            : Problems.None;
    }

    /// <summary>The business time of the change: as given, else now.</summary>
    public static DateTimeOffset When(this IAccountChange change, TimeProvider clock) => change.OccurredAt ?? clock.GetUtcNow();

    /// <summary>The answer to a write that appends <paramref name="appended"/> events to the loaded account stream.</summary>
    public static AccountWritten Written<T>(this IEventStream<T> stream, int appended = 1) where T : class =>
        new(stream.Id, (stream.StartingVersion ?? 0) + appended);
}
