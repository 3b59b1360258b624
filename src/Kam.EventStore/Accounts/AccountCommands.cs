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

/// <summary>The checks every change to an existing account starts with, in the order clients need them.</summary>
public static class AccountChangeRules
{
    /// <summary>
    /// Field errors first (400), then the expected version (409), then whether the account still accepts
    /// changes (409): an ended designation keeps its history but takes no new facts.
    /// </summary>
    public static ProblemDetails Check(IAccountChange change, FieldErrors errors, KeyAccount account, HttpContext context, DateTimeOffset now)
    {
        errors.NotInFuture("occurredAt", change.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var version = ExpectedVersion.Check(context, change.Version, account.Version);
        if (Problems.Found(version))
        {
            return version;
        }

        return account.DesignationEnded
            ? Problems.Conflict("designation-ended", $"Key account {account.Id} is no longer a key account; its history is closed.")
            : Problems.None;
    }

    /// <summary>The business time of the change: as given, else now.</summary>
    public static DateTimeOffset When(this IAccountChange change, TimeProvider clock) => change.OccurredAt ?? clock.GetUtcNow();

    /// <summary>The answer to a write that appended <paramref name="appended"/> events to the account.</summary>
    public static AccountWritten Written(this KeyAccount account, int appended = 1) => new(account.Id, account.Version + appended);
}
