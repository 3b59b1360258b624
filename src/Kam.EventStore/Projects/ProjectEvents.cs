using Kam.EventStore.Commitments;

namespace Kam.EventStore.Projects;

// Each joint development project is its own stream (the project id); every event carries the account id, so the timeline, the
// whole-account view and the audit export find it without lookups. Customer-side people are named by stakeholder id only: views
// read their names from the account's stakeholders, so an erasure of a stakeholder's personal data covers projects too.

/// <summary>Every event of a project stream.</summary>
public interface IProjectEvent : IOwnStreamEvent
{
    /// <summary>The project.</summary>
    Guid ProjectId { get; }
}

/// <summary>
/// A joint development project with the customer started: its goal, the customer's sponsor, our project lead, members from both
/// sides, the budget and the milestones with their dates; optionally serving an objective of an account plan.
/// </summary>
public sealed record JointProjectStarted(
    Guid AccountId, Guid ProjectId, string Name, string Goal, Guid? PlanId, Guid? ObjectiveId, Guid SponsorStakeholderId, string LeadPersonId,
    IReadOnlyList<OurProjectMember> OurMembers, IReadOnlyList<TheirProjectMember> TheirMembers, Money Budget, IReadOnlyList<PlannedMilestone> Milestones,
    DateOnly StartedOn, DateTimeOffset OccurredAt, string By) : IProjectEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => StartedOn;
}

/// <summary>A status report: red, amber or green on <c>ReportedOn</c>, a summary and the next steps.</summary>
public sealed record ProjectStatusReported(
    Guid AccountId, Guid ProjectId, DateOnly ReportedOn, Rag Rag, string Summary, string? NextSteps, DateTimeOffset OccurredAt, string By)
    : IProjectEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => ReportedOn;
}

/// <summary>A milestone was reached on <c>ReachedOn</c>.</summary>
public sealed record ProjectMilestoneReached(
    Guid AccountId, Guid ProjectId, Guid MilestoneId, DateOnly ReachedOn, string? Note, DateTimeOffset OccurredAt, string By) : IProjectEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => ReachedOn;
}

/// <summary>
/// A milestone slipped (known on the date of <c>OccurredAt</c>): it is now due on <c>DueOn</c> instead of <c>PreviousDueOn</c>, for
/// the reason given. The milestone's planned date stays: a slip is a forecast, not an approved change of plan.
/// </summary>
public sealed record ProjectMilestoneSlipped(
    Guid AccountId, Guid ProjectId, Guid MilestoneId, DateOnly PreviousDueOn, DateOnly DueOn, string Reason, DateTimeOffset OccurredAt, string By)
    : IProjectEvent;

/// <summary>
/// A change to the project's scope, schedule (a milestone's date) or budget was proposed. Records the authority of our project lead
/// for it on that date and, beyond it, the approver it is routed to (anyone whose own authority covers it may approve it, never its
/// proposer).
/// </summary>
public sealed record ProjectChangeRequested(
    Guid AccountId, Guid ProjectId, Guid ChangeRequestId, ChangeKind Kind, string Description, string Reason, Money? NewBudget, Guid? MilestoneId,
    DateOnly? NewDueOn, string ProposedByPersonId, AuthorityCheck LeadCheck, string? PendingApproverPersonId, DateTimeOffset OccurredAt, string By)
    : IProjectEvent;

/// <summary>
/// The change request was approved by someone whose own authority in force on the approval's date covers it, checked with the rule
/// commitments follow: as a commitment of kind <c>CheckedAs</c> worth <c>CheckedValue</c> (see <see cref="ChangeAuthority"/>). An
/// approved budget change sets the budget; an approved schedule change re-plans the milestone.
/// </summary>
public sealed record ProjectChangeApproved(
    Guid AccountId, Guid ProjectId, Guid ChangeRequestId, string ApprovedByPersonId, CommitmentKind CheckedAs, Money? CheckedValue, AuthorityCheck ApproverCheck,
    string? Note, DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>The change request was rejected, with the reason; nothing changes.</summary>
public sealed record ProjectChangeRejected(
    Guid AccountId, Guid ProjectId, Guid ChangeRequestId, string RejectedByPersonId, string Reason, DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>A risk was raised: how likely (0-1), how bad, who owns it and how it is mitigated.</summary>
public sealed record ProjectRiskRaised(
    Guid AccountId, Guid ProjectId, Guid RiskId, string Description, decimal Probability, RiskImpact Impact, string OwnerPersonId, string? Mitigation,
    DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>A risk was reassessed: its whole new assessment, with the reason.</summary>
public sealed record ProjectRiskReassessed(
    Guid AccountId, Guid ProjectId, Guid RiskId, decimal Probability, RiskImpact Impact, string OwnerPersonId, string? Mitigation, string Reason,
    DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>A risk became real: it is no longer a risk but the issue <c>IssueId</c> (raised with it, by <c>ProjectIssueRaised</c>).</summary>
public sealed record ProjectRiskRealised(
    Guid AccountId, Guid ProjectId, Guid RiskId, Guid IssueId, DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>A risk was closed without happening (it passed, or was mitigated away), with the reason.</summary>
public sealed record ProjectRiskClosed(
    Guid AccountId, Guid ProjectId, Guid RiskId, string Reason, DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>An issue was raised: a problem to solve now, with its owner; <c>RiskId</c> when it is a realised risk.</summary>
public sealed record ProjectIssueRaised(
    Guid AccountId, Guid ProjectId, Guid IssueId, string Description, string OwnerPersonId, Guid? RiskId, DateTimeOffset OccurredAt, string By)
    : IProjectEvent;

/// <summary>An issue was resolved, with how.</summary>
public sealed record ProjectIssueResolved(
    Guid AccountId, Guid ProjectId, Guid IssueId, string Resolution, DateTimeOffset OccurredAt, string By) : IProjectEvent;

/// <summary>The project closed on <c>ClosedOn</c>: delivered or cancelled, with the lessons learned. It takes no further facts.</summary>
public sealed record JointProjectClosed(
    Guid AccountId, Guid ProjectId, ProjectOutcome Outcome, DateOnly ClosedOn, IReadOnlyList<string> Lessons, string? Note, DateTimeOffset OccurredAt,
    string By) : IProjectEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => ClosedOn;
}

/// <summary>One of our people on the project, with their role on it.</summary>
public sealed record OurProjectMember(string PersonId, string Role);

/// <summary>One of the customer's stakeholders on the project, with their role on it.</summary>
public sealed record TheirProjectMember(Guid StakeholderId, string Role);

/// <summary>A milestone as planned when the project started.</summary>
public sealed record PlannedMilestone(Guid MilestoneId, string Name, DateOnly DueOn);

/// <summary>Red, amber or green.</summary>
public enum Rag
{
    /// <summary>On track.</summary>
    Green,

    /// <summary>At risk: attention needed.</summary>
    Amber,

    /// <summary>Off track: action needed now.</summary>
    Red,
}

/// <summary>How bad a risk would be if it happened.</summary>
public enum RiskImpact
{
    /// <summary>A nuisance.</summary>
    Low,

    /// <summary>Costs time or money within the project's slack.</summary>
    Medium,

    /// <summary>Moves a milestone or the budget.</summary>
    High,

    /// <summary>Threatens the project itself.</summary>
    Critical,
}

/// <summary>What a change request changes.</summary>
public enum ChangeKind
{
    /// <summary>How much: the budget.</summary>
    Budget,

    /// <summary>When: a milestone's date.</summary>
    Schedule,

    /// <summary>What the project delivers.</summary>
    Scope,
}

/// <summary>How a project ended.</summary>
public enum ProjectOutcome
{
    /// <summary>It delivered what it set out to.</summary>
    Delivered,

    /// <summary>It was stopped.</summary>
    Cancelled,
}
