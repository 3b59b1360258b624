namespace Kam.EventStore.Commitments;

// Each commitment is its own stream (the commitment id); every event carries the account id so account-wide
// views group by it without lookups. Business dates (MadeOn, DueOn, FulfilledOn...) sit beside OccurredAt.

/// <summary>Every event on a commitment's stream.</summary>
public interface ICommitmentEvent : IOwnStreamEvent
{
    /// <summary>The commitment (also its stream id).</summary>
    Guid CommitmentId { get; }
}

/// <summary>
/// A promise was made to the customer: by whom, to whom, in which interaction, what, worth how much, due when,
/// and the authority check that was applied at the time (so an audit shows the rule then in force). <c>Origin</c> names the
/// negotiation and concession it was granted as, when it was one (absent on promises made directly, and on every promise
/// recorded before concessions existed). Since 2026-12 it may also name
/// the plan action it carries out (<c>PlanAction</c>) or the project milestone it depends on (<c>Milestone</c>); events stored
/// before have neither, which reads as null (an additive change: docs/event-versioning.md).
/// </summary>
public sealed record CommitmentMade(
    Guid AccountId,
    Guid CommitmentId,
    string MadeBy,
    IReadOnlyList<Guid> MadeTo,
    Guid? InteractionId,
    CommitmentKind Kind,
    string Description,
    Money? Value,
    decimal? DiscountPercent,
    DateOnly MadeOn,
    DateOnly? DueOn,
    string Owner,
    AuthorityCheck Check,
    DateTimeOffset OccurredAt,
    string By,
    CommitmentOrigin? Origin = null,
    PlanActionLink? PlanAction = null,
    MilestoneLink? Milestone = null) : ICommitmentEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => MadeOn;
}

/// <summary>Where a commitment came from, when it was not made directly: a concession granted in a negotiation.</summary>
/// <param name="NegotiationId">The negotiation.</param>
/// <param name="ConcessionId">The concession it was granted as (whose <c>ConcessionGranted</c> names this commitment).</param>
/// <param name="OpportunityId">The opportunity the negotiation was about, if any.</param>
public sealed record CommitmentOrigin(Guid NegotiationId, Guid ConcessionId, Guid? OpportunityId);

/// <summary>
/// An approver whose own authority in force on the approval's date covers the commitment approved it; it is in force from
/// then (<c>OccurredAt</c>).
/// </summary>
public sealed record CommitmentApproved(
    Guid AccountId, Guid CommitmentId, string ApprovedBy, AuthorityCheck ApproverCheck, string? Note, DateTimeOffset OccurredAt, string By) : ICommitmentEvent;

/// <summary>The approver rejected the commitment (on the date of <c>OccurredAt</c>); it never came into force and takes no further changes.</summary>
public sealed record CommitmentRejected(
    Guid AccountId, Guid CommitmentId, string RejectedBy, string Reason, DateTimeOffset OccurredAt, string By) : ICommitmentEvent;

/// <summary>
/// The commitment was amended (due date, scope, value), with a reason. Holds the terms after the amendment and, when
/// the value or discount changed, the authority check applied to them (null otherwise: the earlier check or approval
/// still covers the commercial terms); beyond authority it is pending approval again.
/// </summary>
public sealed record CommitmentAmended(
    Guid AccountId,
    Guid CommitmentId,
    string Description,
    Money? Value,
    decimal? DiscountPercent,
    DateOnly? DueOn,
    string Reason,
    AuthorityCheck? Check,
    DateTimeOffset OccurredAt,
    string By) : ICommitmentEvent;

/// <summary>The promise was kept.</summary>
public sealed record CommitmentFulfilled(
    Guid AccountId, Guid CommitmentId, DateOnly FulfilledOn, string Evidence, DateTimeOffset OccurredAt, string By) : ICommitmentEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => FulfilledOn;
}

/// <summary>The promise was broken or missed; records whether the customer was told.</summary>
public sealed record CommitmentBroken(
    Guid AccountId, Guid CommitmentId, DateOnly BrokenOn, string Reason, bool CustomerInformed, DateTimeOffset OccurredAt, string By) : ICommitmentEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => BrokenOn;
}

/// <summary>The promise was withdrawn; records whether that was agreed with the customer.</summary>
public sealed record CommitmentWithdrawn(
    Guid AccountId, Guid CommitmentId, DateOnly WithdrawnOn, string Reason, bool AgreedWithCustomer, DateTimeOffset OccurredAt, string By) : ICommitmentEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => WithdrawnOn;
}

/// <summary>Someone else now owns the commitment (e.g. at a handover of the account).</summary>
public sealed record CommitmentOwnerReassigned(
    Guid AccountId, Guid CommitmentId, string PreviousOwner, string Owner, string Reason, DateTimeOffset OccurredAt, string By) : ICommitmentEvent;

/// <summary>At a handover, the commitment explicitly stays with its current owner (e.g. a specialist who made it).</summary>
public sealed record CommitmentOwnershipKept(
    Guid AccountId, Guid CommitmentId, string Owner, string Reason, DateTimeOffset OccurredAt, string By) : ICommitmentEvent;

/// <summary>The new owner of an inherited commitment acknowledged it: they know what was promised and now answer for it.</summary>
public sealed record CommitmentOwnershipAcknowledged(
    Guid AccountId, Guid CommitmentId, string Owner, DateTimeOffset OccurredAt, string By) : ICommitmentEvent;

/// <summary>
/// The due date passed while the commitment was still open. Appended once per due date by a durable scheduled
/// check, dated the start of the day after the due date; <c>By</c> (and the recorded-by) is the service itself. Folds
/// disregard it when a later-recorded amendment dated before it moved the due date: overdue follows the due date in force.
/// </summary>
public sealed record CommitmentBecameOverdue(
    Guid AccountId, Guid CommitmentId, DateOnly DueOn, DateTimeOffset OccurredAt, string By) : ICommitmentEvent;

/// <summary>
/// The authority rule applied to a commitment on a date, as it was then: whose grant, which limits, and the verdict.
/// </summary>
/// <param name="PersonId">Whose authority was checked.</param>
/// <param name="On">The business date of the check.</param>
/// <param name="GrantEffectiveFrom">The grant in force on that date; null when the person had none.</param>
/// <param name="MaxValue">The value limit in the commitment's currency; null when none applied.</param>
/// <param name="MaxDiscountPercent">The discount limit; null when the person had no grant.</param>
/// <param name="KindAllowed">Whether the grant lets the person make this kind of commitment alone.</param>
/// <param name="Within">The verdict: within authority.</param>
/// <param name="Approver">Who approves above it, from the grant; null when none is recorded.</param>
/// <param name="Reasons">Why it is beyond authority, one line each; empty when within.</param>
public sealed record AuthorityCheck(
    string PersonId,
    DateOnly On,
    DateOnly? GrantEffectiveFrom,
    decimal? MaxValue,
    decimal? MaxDiscountPercent,
    bool KindAllowed,
    bool Within,
    string? Approver,
    IReadOnlyList<string> Reasons);

/// <summary>Where a commitment stands.</summary>
public enum CommitmentStatus
{
    /// <summary>Beyond the maker's authority: waiting for an approver.</summary>
    PendingApproval,
    /// <summary>In force: to be kept.</summary>
    InForce,
    /// <summary>Kept.</summary>
    Fulfilled,
    /// <summary>Broken or missed.</summary>
    Broken,
    /// <summary>Withdrawn.</summary>
    Withdrawn,
    /// <summary>Rejected by the approver.</summary>
    Rejected,
}
