namespace Kam.EventStore.Plans;

// Each account plan is its own stream (the plan id); every event carries the account id, so the timeline, the whole-account
// view and the audit export find it without lookups. A version of the plan is the whole content an AccountPlanDrafted or
// AccountPlanRevised holds; the other facts (agreements, sign-offs, progress, actions done or dropped) are recorded against it.

/// <summary>Every event of an account plan stream.</summary>
public interface IPlanEvent : IOwnStreamEvent
{
    /// <summary>The plan (also its stream id).</summary>
    Guid PlanId { get; }
}

/// <summary>
/// The KAM (or whoever drafted it) drafted an account plan for a period: version 1, with its objectives, strategy statements and
/// planned actions.
/// </summary>
/// <param name="AuthorPersonId">Who drafted it: one of our people. The author never signs it off.</param>
/// <param name="PeriodFrom">First day of the period the plan covers.</param>
/// <param name="PeriodTo">Last day of the period the plan covers.</param>
/// <param name="Content">Version 1.</param>
/// <param name="DraftedOn">The business date it was drafted.</param>
public sealed record AccountPlanDrafted(
    Guid AccountId, Guid PlanId, string AuthorPersonId, DateOnly PeriodFrom, DateOnly PeriodTo, PlanContent Content, DateOnly DraftedOn,
    DateTimeOffset OccurredAt, string By) : IPlanEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => DraftedOn;
}

/// <summary>
/// The plan was revised, with a reason: <c>PlanVersion</c> is the new version and <c>Content</c> all of it. Earlier versions
/// stay as their events hold them; a sign-off or an agreement given to an earlier version stays recorded against that version.
/// </summary>
public sealed record AccountPlanRevised(
    Guid AccountId, Guid PlanId, int PlanVersion, string Reason, PlanContent Content, DateTimeOffset OccurredAt, string By) : IPlanEvent;

/// <summary>
/// The customer's side of the dialogue: a stakeholder of the account agreed to an objective of the plan (as version
/// <c>PlanVersion</c> stated it) on <c>AgreedOn</c>, perhaps in a recorded interaction. Names are not copied: views read them
/// from the account's stakeholders, so an erasure of the stakeholder's personal data covers them.
/// </summary>
public sealed record PlanObjectiveAgreed(
    Guid AccountId, Guid PlanId, Guid ObjectiveId, Guid StakeholderId, int PlanVersion, Guid? InteractionId, DateOnly AgreedOn,
    DateTimeOffset OccurredAt, string By) : IPlanEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => AgreedOn;
}

/// <summary>
/// The KAM's manager signed off version <c>PlanVersion</c> of the plan. Records who the KAM was on that date, who their manager
/// was and where that came from (<c>KamRole</c>: how the KAM role is organised on the account; <c>Directory</c>: the KAM's line
/// manager in the people directory, when the role's organisation names none).
/// </summary>
public sealed record AccountPlanSignedOff(
    Guid AccountId, Guid PlanId, int PlanVersion, string SignedOffByPersonId, string KamPersonId, ManagerSource ManagerSource, string? Note,
    DateTimeOffset OccurredAt, string By) : IPlanEvent;

/// <summary>A planned action was done.</summary>
public sealed record PlanActionCompleted(
    Guid AccountId, Guid PlanId, Guid ActionId, DateOnly CompletedOn, string? Note, DateTimeOffset OccurredAt, string By) : IPlanEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => CompletedOn;
}

/// <summary>A planned action was dropped (it stays in the plan, marked dropped), with the reason.</summary>
public sealed record PlanActionDropped(
    Guid AccountId, Guid PlanId, Guid ActionId, DateOnly DroppedOn, string Reason, DateTimeOffset OccurredAt, string By) : IPlanEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => DroppedOn;
}

/// <summary>Progress on an objective: the metric's value as measured on <c>MeasuredOn</c>.</summary>
public sealed record PlanObjectiveProgressMeasured(
    Guid AccountId, Guid PlanId, Guid ObjectiveId, decimal Value, DateOnly MeasuredOn, string? Note, DateTimeOffset OccurredAt, string By)
    : IPlanEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => MeasuredOn;
}

/// <summary>The plan was closed (its period over, or replaced), with the reason; it takes no further facts.</summary>
public sealed record AccountPlanClosed(
    Guid AccountId, Guid PlanId, DateOnly ClosedOn, string Reason, DateTimeOffset OccurredAt, string By) : IPlanEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => ClosedOn;
}

/// <summary>Where the KAM's manager who signed off a plan was found.</summary>
public enum ManagerSource
{
    /// <summary>How the KAM role is organised on the account (<c>KamRoleOrganised</c>), in force on the sign-off date.</summary>
    KamRole,

    /// <summary>The KAM's line manager in the people directory on the sign-off date (the role's organisation named none).</summary>
    Directory,
}
