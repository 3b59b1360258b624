using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Accounts;

/// <summary>What every change to an existing account carries besides its own fields.</summary>
public interface IAccountChange : IExpectVersion
{
    /// <summary>
    /// When it happened in business time; defaults to now (the answer says so). May be backdated, not into the future, not
    /// before the designation, and not before the latest fact of the same kind (a status change not before the latest status change).
    /// </summary>
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

/// <summary>The rules every change to an existing account shares.</summary>
public static class AccountChangeRules
{
    /// <summary>The 409 of a write to an account whose designation has ended: its history is closed.</summary>
    public static ProblemDetails? Closed(IAccountState account) => account.DesignationEnded
        ? Problems.Conflict("designation-ended", $"Key account {account.Id} is no longer a key account; its history is closed.")
        : null;

    /// <summary>The business time of the change: as given, else now.</summary>
    public static DateTimeOffset When(this IAccountChange change, DateTimeOffset now) => BusinessTime.Resolve(change.OccurredAt, null, now);

    /// <summary>A fact about the key account dates from its designation on: 422 <c>before-designation</c> otherwise.</summary>
    public static ProblemDetails NotBeforeDesignation(string field, DateOnly date, DateOnly designatedOn) =>
        date < designatedOn
            ? Problems.Rule("before-designation", $"{field}: {date:yyyy-MM-dd} is before the account was designated a key account on {designatedOn:yyyy-MM-dd}.")
            : Problems.None;
}
