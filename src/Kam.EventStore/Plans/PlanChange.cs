using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Plans;

/// <summary>What every change to an existing account plan carries.</summary>
public abstract record PlanChange : IExpectVersion
{
    /// <inheritdoc />
    public long? Version { get; init; }

    /// <summary>
    /// When it happened in business time; defaults to now (the answer says so). May be backdated; not into the future, and not
    /// before the plan's latest fact.
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What a successful write to an account plan answers.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="PlanVersion">Its latest version (of its content) after the write.</param>
/// <param name="Status">Where it stands after the write.</param>
/// <param name="Version">The plan stream's version after the write; send it as the expected version of the next write.</param>
/// <param name="OccurredAt">The business time recorded on the fact: as the request gave it (an instant, or the start of a past date), or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record PlanWritten(Guid PlanId, int PlanVersion, PlanStatus Status, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

/// <summary>The rules every change to a plan shares.</summary>
public static class PlanRules
{
    /// <summary>The change's business time: not in the future, <c>occurredAt</c> on the date given, not before the plan's latest fact.</summary>
    public static ProblemDetails Dated(FieldErrors errors, PlanChange change, AccountPlan plan, DateTimeOffset now, string dateField = "occurredAt", DateOnly? on = null) =>
        SeriesDates.Check(errors, change.OccurredAt, dateField, on, plan.LastFactAt, "The plan's latest fact", now);

    /// <summary>When the change happened in business time.</summary>
    public static DateTimeOffset When(this PlanChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.Resolve(change.OccurredAt, on, now);

    /// <summary>The business date of the change.</summary>
    public static DateOnly On(this PlanChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.DateOf(change.OccurredAt, on, now);

    /// <summary>422 <c>unknown-objective</c> unless the plan's latest version has the objective.</summary>
    public static ProblemDetails ObjectiveInForce(AccountPlan plan, Guid objectiveId) => plan.Content.Objective(objectiveId) is null
        ? Problems.Rule("unknown-objective", $"objectiveId: {objectiveId} is not an objective of version {plan.PlanVersion} of the plan.")
        : Problems.None;
}
