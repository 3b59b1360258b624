using Kam.EventStore.Commitments;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Plans;

/// <summary>An account plan as it stood at one of its versions: what the version said, who agreed to it, how far it got.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Title">The version's title.</param>
/// <param name="PeriodFrom">First day of the period it covers.</param>
/// <param name="PeriodTo">Last day of the period it covers.</param>
/// <param name="AuthorPersonId">Who drafted it.</param>
/// <param name="DraftedOn">When it was drafted.</param>
/// <param name="Status">Where the plan stood: Draft (its latest version not signed off), SignedOff or Closed.</param>
/// <param name="PlanVersion">The version shown.</param>
/// <param name="LatestPlanVersion">The plan's latest version then.</param>
/// <param name="SignedOff">Whether the version shown was signed off.</param>
/// <param name="On">The business date the view is of (the facts dated by then); null when it is everything recorded (by <c>asOf</c>).</param>
/// <param name="Revisions">Every version up to the latest: when, why and by whom.</param>
/// <param name="Objectives">The version's objectives, with the customer's agreements and the progress measured.</param>
/// <param name="Strategies">The version's strategy statements.</param>
/// <param name="Actions">The version's planned actions, with what became of them and the commitments made for them.</param>
/// <param name="SignOffs">Every sign-off, of whichever version.</param>
/// <param name="ClosedOn">When the plan was closed.</param>
/// <param name="ClosedReason">Why it was closed.</param>
/// <param name="Version">The plan stream's version the view reflects (send it as the expected version of a change).</param>
public sealed record PlanView(
    Guid PlanId, Guid AccountId, string Title, DateOnly PeriodFrom, DateOnly PeriodTo, string AuthorPersonId, DateOnly DraftedOn, PlanStatus Status,
    int PlanVersion, int LatestPlanVersion, bool SignedOff, DateOnly? On, IReadOnlyList<PlanRevision> Revisions, IReadOnlyList<ObjectiveView> Objectives,
    IReadOnlyList<string> Strategies, IReadOnlyList<ActionView> Actions, IReadOnlyList<PlanSignOff> SignOffs, DateOnly? ClosedOn, string? ClosedReason,
    long Version)
{
    /// <summary>
    /// The view of version <paramref name="number"/> of <paramref name="plan"/>; stakeholders named as the account's role history
    /// knows them on the agreement's date (an erased stakeholder reads "Erased stakeholder"), commitments as given.
    /// </summary>
    public static PlanView Of(AccountPlan plan, int number, AccountRoles? roles, IReadOnlyList<Commitment> commitments, DateOnly? on)
    {
        var version = plan.Versions[number - 1];
        var content = version.Content;
        return new PlanView(
            plan.Id, plan.AccountId, content.Title, plan.PeriodFrom, plan.PeriodTo, plan.AuthorPersonId, plan.DraftedOn, plan.Status, number,
            plan.PlanVersion, plan.SignOffs.Any(s => s.PlanVersion == number), on,
            [.. plan.Versions.Select(v => new PlanRevision(v.Number, v.On, v.OccurredAt, v.Reason, v.By))],
            [.. content.Objectives.Select(o => ObjectiveView.Of(plan, number, o, roles))],
            content.Strategies,
            [.. content.Actions.Select(a => ActionView.Of(plan, a, commitments))],
            plan.SignOffs, plan.ClosedOn, plan.ClosedReason, plan.Version);
    }
}

/// <summary>A version of the plan: when it was made, why and by whom.</summary>
/// <param name="PlanVersion">The version.</param>
/// <param name="On">The business date it was drafted or revised.</param>
/// <param name="OccurredAt">The business time it was drafted or revised.</param>
/// <param name="Reason">Why it was revised; null for the draft.</param>
/// <param name="By">Who recorded it.</param>
public sealed record PlanRevision(int PlanVersion, DateOnly On, DateTimeOffset OccurredAt, string? Reason, string By);

/// <summary>An objective as a version states it, who on the customer's side agreed to it, and the progress measured.</summary>
public sealed record ObjectiveView(
    Guid ObjectiveId, string Description, string Metric, string? Unit, decimal Baseline, decimal Target, DateOnly DueOn, ObjectiveOwner Whose,
    IReadOnlyList<AgreementView> Agreements, ObjectiveProgress Progress)
{
    public static ObjectiveView Of(AccountPlan plan, int number, PlanObjective o, AccountRoles? roles) => new(
        o.ObjectiveId, o.Description, o.Metric, o.Unit, o.Baseline, o.Target, o.DueOn, o.Whose,
        [.. plan.Agreements.Where(a => a.ObjectiveId == o.ObjectiveId && a.PlanVersion <= number).Select(a => AgreementView.Of(plan, a, o, roles))],
        ObjectiveProgress.Of(o, plan.Measurements));
}

/// <summary>A customer stakeholder's agreement to an objective.</summary>
/// <param name="StakeholderId">Who agreed.</param>
/// <param name="Name">Their name, as the account's stakeholders know it on the agreement's date ("Erased stakeholder" after an erasure).</param>
/// <param name="Title">Their title on that date.</param>
/// <param name="AgreedOn">When they agreed.</param>
/// <param name="PlanVersion">The version whose objective they agreed to.</param>
/// <param name="InForce">True when the objective reads in the version shown exactly as it read in the version agreed to.</param>
/// <param name="InteractionId">The recorded interaction they agreed in, if any.</param>
public sealed record AgreementView(Guid StakeholderId, string Name, string Title, DateOnly AgreedOn, int PlanVersion, bool InForce, Guid? InteractionId)
{
    public static AgreementView Of(AccountPlan plan, ObjectiveAgreement a, PlanObjective shown, AccountRoles? roles)
    {
        var profile = roles is null ? null : StakeholderChecks.ProfileOn(roles, a.StakeholderId, a.AgreedOn);
        return new AgreementView(a.StakeholderId, profile?.Name ?? "", profile?.Title ?? "", a.AgreedOn, a.PlanVersion,
            plan.Versions[a.PlanVersion - 1].Content.Objective(a.ObjectiveId) == shown, a.InteractionId);
    }
}

/// <summary>Progress against an objective: its latest measured value and how far that is from the baseline towards the target.</summary>
/// <param name="Value">The latest value measured; null before any.</param>
/// <param name="MeasuredOn">When it was measured.</param>
/// <param name="AttainmentPercent">(value - baseline) / (target - baseline), in percent, one decimal: 100 is the target reached, below 0 worse than the baseline.</param>
/// <param name="Measurements">Every value measured, in order.</param>
public sealed record ObjectiveProgress(decimal? Value, DateOnly? MeasuredOn, decimal? AttainmentPercent, IReadOnlyList<ProgressMeasurement> Measurements)
{
    public static ObjectiveProgress Of(PlanObjective objective, IEnumerable<ProgressMeasurement> all)
    {
        var measured = all.Where(m => m.ObjectiveId == objective.ObjectiveId).ToList();
        var latest = measured.Count == 0 ? null : measured[^1];
        return new ObjectiveProgress(latest?.Value, latest?.MeasuredOn,
            latest is null ? null : Math.Round((latest.Value - objective.Baseline) / (objective.Target - objective.Baseline) * 100m, 1, MidpointRounding.AwayFromZero),
            measured);
    }
}

/// <summary>A planned action as a version states it, and what became of it.</summary>
/// <param name="ActionId">The action.</param>
/// <param name="Description">What is to be done.</param>
/// <param name="OwnerPersonId">Who of ours answers for it.</param>
/// <param name="DueOn">When it is due.</param>
/// <param name="ObjectiveId">The objective it serves.</param>
/// <param name="Status">Open, Done or Dropped.</param>
/// <param name="StatusOn">When it was done or dropped.</param>
/// <param name="StatusNote">The note on its completion, or why it was dropped.</param>
/// <param name="CommitmentIds">The commitments made to the customer for it.</param>
public sealed record ActionView(
    Guid ActionId, string Description, string OwnerPersonId, DateOnly DueOn, Guid? ObjectiveId, ActionStatus Status, DateOnly? StatusOn, string? StatusNote,
    IReadOnlyList<Guid> CommitmentIds)
{
    public static ActionView Of(AccountPlan plan, PlanAction a, IReadOnlyList<Commitment> commitments)
    {
        var outcome = plan.OutcomeOf(a.ActionId);
        return new ActionView(a.ActionId, a.Description, a.OwnerPersonId, a.DueOn, a.ObjectiveId, outcome?.Status ?? ActionStatus.Open, outcome?.On,
            outcome?.Note, [.. commitments.Where(c => c.PlanAction?.PlanId == plan.Id && c.PlanAction.ActionId == a.ActionId).Select(c => c.Id)]);
    }
}
