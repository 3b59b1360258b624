using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Plans;

/// <summary>
/// An account plan as it stands: every version of its content, the customer's agreements to its objectives, its sign-offs,
/// what became of its actions and the progress measured on its objectives. The write model of a plan stream and, kept inline,
/// the row the account's plan list reads. Immutable: <c>Create</c> and <c>Apply</c> return a new value.
/// </summary>
/// <param name="Id">The plan (its stream id).</param>
/// <param name="AccountId">The account it belongs to.</param>
/// <param name="AuthorPersonId">Who drafted it.</param>
/// <param name="PeriodFrom">First day of the period it covers.</param>
/// <param name="PeriodTo">Last day of the period it covers.</param>
/// <param name="DraftedOn">The business date it was drafted.</param>
/// <param name="Versions">Every version, in order: version N is <c>Versions[N-1]</c>.</param>
/// <param name="Agreements">Every agreement by a customer stakeholder to an objective, in order.</param>
/// <param name="SignOffs">Every sign-off, in order.</param>
/// <param name="ActionOutcomes">Actions done or dropped.</param>
/// <param name="Measurements">Progress measured on objectives, in the order recorded (which is business order).</param>
/// <param name="ClosedOn">The business date it was closed.</param>
/// <param name="ClosedReason">Why it was closed.</param>
/// <param name="LastFactAt">The business time of its latest fact: a new fact may not precede it.</param>
[DuplicateRule("duplicate-plan")]
public sealed record AccountPlan(
    Guid Id,
    Guid AccountId,
    string AuthorPersonId,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    DateOnly DraftedOn,
    IReadOnlyList<PlanVersion> Versions,
    IReadOnlyList<ObjectiveAgreement> Agreements,
    IReadOnlyList<PlanSignOff> SignOffs,
    IReadOnlyList<ActionOutcome> ActionOutcomes,
    IReadOnlyList<ProgressMeasurement> Measurements,
    DateOnly? ClosedOn,
    string? ClosedReason,
    DateTimeOffset LastFactAt) : IWriteModel<PlanWritten>
{
    /// <summary>The plan stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    /// <summary>The latest version of the plan's content.</summary>
    public int PlanVersion => Versions.Count;

    /// <summary>What the latest version says.</summary>
    public PlanContent Content => Versions[^1].Content;

    /// <summary>Where the plan stands: Draft until its latest version is signed off, then SignedOff; Closed once closed.</summary>
    public PlanStatus Status => ClosedOn is not null ? PlanStatus.Closed
        : SignOffs.Any(s => s.PlanVersion == PlanVersion) ? PlanStatus.SignedOff : PlanStatus.Draft;

    public static AccountPlan Create(AccountPlanDrafted e) => new(
        e.PlanId, e.AccountId, e.AuthorPersonId, e.PeriodFrom, e.PeriodTo, e.DraftedOn,
        [new PlanVersion(1, e.DraftedOn, e.OccurredAt, null, e.By, e.Content)], [], [], [], [], null, null, BusinessTime.Of(e));

    public AccountPlan Apply(AccountPlanRevised e) => this with
    {
        Versions = [.. Versions, new PlanVersion(e.PlanVersion, BusinessTime.DateOf(e), e.OccurredAt, e.Reason, e.By, e.Content)],
        LastFactAt = BusinessTime.Of(e),
    };

    public AccountPlan Apply(PlanObjectiveAgreed e) => this with
    {
        Agreements = [.. Agreements, new ObjectiveAgreement(e.ObjectiveId, e.StakeholderId, e.PlanVersion, e.AgreedOn, e.InteractionId)],
        LastFactAt = BusinessTime.Of(e),
    };

    public AccountPlan Apply(AccountPlanSignedOff e) => this with
    {
        SignOffs = [.. SignOffs, new PlanSignOff(e.PlanVersion, e.SignedOffByPersonId, e.KamPersonId, e.ManagerSource, BusinessTime.DateOf(e), e.Note)],
        LastFactAt = BusinessTime.Of(e),
    };

    public AccountPlan Apply(PlanActionCompleted e) => this with
    {
        ActionOutcomes = [.. ActionOutcomes, new ActionOutcome(e.ActionId, ActionStatus.Done, e.CompletedOn, e.Note)],
        LastFactAt = BusinessTime.Of(e),
    };

    public AccountPlan Apply(PlanActionDropped e) => this with
    {
        ActionOutcomes = [.. ActionOutcomes, new ActionOutcome(e.ActionId, ActionStatus.Dropped, e.DroppedOn, e.Reason)],
        LastFactAt = BusinessTime.Of(e),
    };

    public AccountPlan Apply(PlanObjectiveProgressMeasured e) => this with
    {
        Measurements = [.. Measurements, new ProgressMeasurement(e.ObjectiveId, e.Value, e.MeasuredOn, e.Note)],
        LastFactAt = BusinessTime.Of(e),
    };

    public AccountPlan Apply(AccountPlanClosed e) => this with { ClosedOn = e.ClosedOn, ClosedReason = e.Reason, LastFactAt = BusinessTime.Of(e) };

    public ProblemDetails? Closed() => ClosedOn is { } on
        ? Problems.Conflict("plan-closed", $"The account plan was closed on {on:yyyy-MM-dd}; it takes no further change.")
        : null;

    public PlanWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var after = appended.Aggregate(this, (state, e) => Advance(state, e)!);
        var occurredAt = appended.OfType<IBusinessFact>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        return new PlanWritten(Id, after.PlanVersion, after.Status, version, occurredAt, occurredAt == now);
    }

    /// <summary>The outcome of an action (done or dropped), if it has one.</summary>
    public ActionOutcome? OutcomeOf(Guid actionId) => ActionOutcomes.LastOrDefault(o => o.ActionId == actionId);

    /// <summary>The plan as the given events describe it, in the order given: the same <c>Create</c>/<c>Apply</c> as the stored row.</summary>
    public static AccountPlan? Fold(IEnumerable<object> events) => events.Aggregate((AccountPlan?)null, Advance);

    /// <summary>
    /// The plan as the facts stood on business date <paramref name="on"/>: its events dated by then, in the order they were recorded
    /// (which is the order they happened: a fact may not precede the plan's latest); null when it had not been drafted by then.
    /// </summary>
    public static AccountPlan? FoldOn(IEnumerable<object> events, DateOnly on) => Fold(events.Where(e => BusinessTime.DateOf(e) <= on));

    /// <summary>One event onto the plan (null before it was drafted); events it does not know leave it as it is.</summary>
    public static AccountPlan? Advance(AccountPlan? state, object e) => (e, state) switch
    {
        (AccountPlanDrafted drafted, _) => Create(drafted),
        (_, null) => null,
        (AccountPlanRevised x, { } s) => s.Apply(x),
        (PlanObjectiveAgreed x, { } s) => s.Apply(x),
        (AccountPlanSignedOff x, { } s) => s.Apply(x),
        (PlanActionCompleted x, { } s) => s.Apply(x),
        (PlanActionDropped x, { } s) => s.Apply(x),
        (PlanObjectiveProgressMeasured x, { } s) => s.Apply(x),
        (AccountPlanClosed x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };
}

/// <summary>One version of the plan's content, and how it came about.</summary>
/// <param name="Number">The version: 1 when drafted, then one more per revision.</param>
/// <param name="On">The business date it was drafted or revised.</param>
/// <param name="OccurredAt">The business time it was drafted or revised.</param>
/// <param name="Reason">Why it was revised; null for the draft.</param>
/// <param name="By">Who recorded it.</param>
/// <param name="Content">What it says.</param>
public sealed record PlanVersion(int Number, DateOnly On, DateTimeOffset OccurredAt, string? Reason, string By, PlanContent Content);

/// <summary>A customer stakeholder agreed to an objective, as a version of the plan stated it.</summary>
public sealed record ObjectiveAgreement(Guid ObjectiveId, Guid StakeholderId, int PlanVersion, DateOnly AgreedOn, Guid? InteractionId);

/// <summary>A sign-off of a version by the KAM's manager.</summary>
public sealed record PlanSignOff(int PlanVersion, string SignedOffByPersonId, string KamPersonId, ManagerSource ManagerSource, DateOnly On, string? Note);

/// <summary>What became of a planned action.</summary>
public sealed record ActionOutcome(Guid ActionId, ActionStatus Status, DateOnly On, string? Note);

/// <summary>A value of an objective's metric on a date.</summary>
public sealed record ProgressMeasurement(Guid ObjectiveId, decimal Value, DateOnly MeasuredOn, string? Note);

/// <summary>Where a plan stands.</summary>
public enum PlanStatus
{
    /// <summary>Its latest version is not signed off (yet).</summary>
    Draft,

    /// <summary>Its latest version is signed off by the KAM's manager.</summary>
    SignedOff,

    /// <summary>Closed: it takes no further change.</summary>
    Closed,
}

/// <summary>Where a planned action stands.</summary>
public enum ActionStatus
{
    /// <summary>Still to be done.</summary>
    Open,

    /// <summary>Done.</summary>
    Done,

    /// <summary>Dropped.</summary>
    Dropped,
}
