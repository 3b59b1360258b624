using Kam.EventStore.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Relationships;

/// <summary>What every role change carries: the business date it takes effect, besides version and business time.</summary>
public interface IRoleChange : IAccountChange
{
    /// <summary>
    /// The business date the change takes effect; defaults to the date of <c>occurredAt</c>, else today (the answer says so).
    /// Not in the future.
    /// </summary>
    DateOnly? EffectiveOn { get; }
}

/// <summary>The fields every role change command carries.</summary>
public abstract record RoleChange : IRoleChange
{
    /// <inheritdoc />
    public DateOnly? EffectiveOn { get; init; }

    /// <inheritdoc />
    public long? Version { get; init; }

    /// <inheritdoc />
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>The checks every role change starts with, and the dated-interval rules they share.</summary>
public static class RoleChangeRules
{
    /// <summary>Field errors, with neither the effective date nor the business time in the future (400).</summary>
    public static ProblemDetails Check(IRoleChange change, FieldErrors errors, DateTimeOffset now) =>
        errors.NotInFuture("effectiveOn", change.EffectiveOn, now).NotInFuture("occurredAt", change.OccurredAt, now).ToProblem();

    /// <summary>The business date the change takes effect: as given, else the date it occurred, else today.</summary>
    public static DateOnly EffectiveDate(this IRoleChange change, DateTimeOffset now) => BusinessTime.DateOf(change.OccurredAt, change.EffectiveOn, now);

    /// <summary>When it happened in business time: as given, else the start of a past effective date, else now.</summary>
    public static DateTimeOffset When(this IRoleChange change, DateTimeOffset now) => BusinessTime.Resolve(change.OccurredAt, change.EffectiveOn, now);

    /// <summary>An interval may not end, or change, before it began: refuse with the dates involved.</summary>
    public static ProblemDetails NotBefore(DateOnly effectiveOn, DateOnly? since, string what) =>
        since is { } start && effectiveOn < start
            ? Problems.Rule("reversed-range", $"{what} since {start:yyyy-MM-dd}; a change effective {effectiveOn:yyyy-MM-dd} would end or change it before it began.")
            : Problems.None;

    /// <summary>A new interval may not overlap an earlier one of the same person or pair.</summary>
    public static ProblemDetails NotOverlapping(DateOnly effectiveOn, DateOnly? previousEnd, string what) =>
        previousEnd is { } end && effectiveOn < end
            ? Problems.Rule("overlapping-range", $"{what} until {end:yyyy-MM-dd}; a new interval from {effectiveOn:yyyy-MM-dd} would overlap it.")
            : Problems.None;

    /// <summary>
    /// A change about a stakeholder needs one of this account's (404 otherwise) who is still with the customer (409).
    /// </summary>
    public static ProblemDetails StillWithCustomer(AccountRelationships account, Guid stakeholderId, out StakeholderState stakeholder)
    {
        stakeholder = account.Stakeholder(stakeholderId)!;
        if (stakeholder is null)
        {
            return Problems.NotFound("Stakeholder", stakeholderId);
        }

        return stakeholder.LeftOn is { } left
            ? Problems.Conflict("stakeholder-left", $"The stakeholder left the customer on {left:yyyy-MM-dd}.")
            : Problems.None;
    }

}
