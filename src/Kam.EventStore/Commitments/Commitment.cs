using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Commitments;

/// <summary>
/// A promise to the customer as it stands: the write model of a commitment stream and, kept inline, the row of the
/// commitment register dashboards query. Immutable: <c>Create</c> and <c>Apply</c> return a new value.
/// </summary>
/// <param name="Id">The commitment (its stream id).</param>
/// <param name="AccountId">The account it was made to.</param>
/// <param name="MadeBy">Who made it (person id).</param>
/// <param name="MadeTo">The stakeholders it was made to.</param>
/// <param name="InteractionId">The interaction it was made in, when recorded.</param>
/// <param name="Kind">What kind of promise.</param>
/// <param name="Description">What was promised, as it reads now.</param>
/// <param name="Value">The value promised.</param>
/// <param name="DiscountPercent">The discount promised.</param>
/// <param name="MadeOn">The business date it was made.</param>
/// <param name="DueOn">The due date in force.</param>
/// <param name="Owner">Who answers for keeping it now (person id).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="PendingApprover">Who is to approve it, while it is pending approval.</param>
/// <param name="Overdue">Open and past the due date in force (set by the scheduled check; on a business date, from the due date itself).</param>
/// <param name="OwnershipAcknowledged">Whether the owner has acknowledged it (false for an inherited commitment until they do).</param>
/// <param name="ClosedOn">The business date it was fulfilled, broken, withdrawn or rejected.</param>
/// <param name="KeptOnTime">For a commitment that ended kept or broken: whether it was kept by its due date.</param>
/// <param name="LastFactAt">The business time of its latest fact (the scheduled overdue check aside): a new fact may not precede it.</param>
/// <param name="Origin">The negotiation and concession it was granted as, when it was one.</param>
/// <param name="PlanAction">The account plan action it carries out, when it was made for one.</param>
/// <param name="Milestone">The project milestone it depends on, when it depends on one: the milestone slipping puts it at risk.</param>
[DuplicateRule("duplicate-commitment")]
public sealed record Commitment(
    Guid Id,
    Guid AccountId,
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
    CommitmentStatus Status,
    string? PendingApprover,
    bool Overdue,
    bool OwnershipAcknowledged,
    DateOnly? ClosedOn,
    bool? KeptOnTime,
    DateTimeOffset LastFactAt = default,
    CommitmentOrigin? Origin = null,
    PlanActionLink? PlanAction = null,
    MilestoneLink? Milestone = null) : IWriteModel<CommitmentWritten>
{
    /// <summary>The commitment stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    /// <summary>Open: still to be kept (in force or pending approval).</summary>
    public bool IsOpen => Status is CommitmentStatus.InForce or CommitmentStatus.PendingApproval;

    public static Commitment Create(CommitmentMade e) => new(
        e.CommitmentId, e.AccountId, e.MadeBy, e.MadeTo, e.InteractionId, e.Kind, e.Description, e.Value, e.DiscountPercent, e.MadeOn,
        e.DueOn, e.Owner, e.Check.Within ? CommitmentStatus.InForce : CommitmentStatus.PendingApproval,
        e.Check.Within ? null : e.Check.Approver, false, e.Owner == e.MadeBy, null, null, BusinessTime.Of(e), e.Origin, e.PlanAction, e.Milestone);

    public Commitment Apply(CommitmentApproved e) =>
        this with { Status = CommitmentStatus.InForce, PendingApprover = null, LastFactAt = BusinessTime.Of(e) };

    public Commitment Apply(CommitmentRejected e) => this with
    {
        Status = CommitmentStatus.Rejected, PendingApprover = null, Overdue = false, ClosedOn = BusinessTime.DateOf(e), LastFactAt = BusinessTime.Of(e),
    };

    public Commitment Apply(CommitmentAmended e) => this with
    {
        Description = e.Description,
        Value = e.Value,
        DiscountPercent = e.DiscountPercent,
        DueOn = e.DueOn,
        Overdue = Overdue && e.DueOn == DueOn,
        Status = e.Check is { Within: false } ? CommitmentStatus.PendingApproval : Status,
        PendingApprover = e.Check is { Within: false } check ? check.Approver : PendingApprover,
        LastFactAt = BusinessTime.Of(e),
    };

    public Commitment Apply(CommitmentFulfilled e) => this with
    {
        Status = CommitmentStatus.Fulfilled,
        Overdue = false,
        ClosedOn = e.FulfilledOn,
        KeptOnTime = DueOn is null || e.FulfilledOn <= DueOn,
        LastFactAt = BusinessTime.Of(e),
    };

    public Commitment Apply(CommitmentBroken e) =>
        this with { Status = CommitmentStatus.Broken, Overdue = false, ClosedOn = e.BrokenOn, KeptOnTime = false, LastFactAt = BusinessTime.Of(e) };

    public Commitment Apply(CommitmentWithdrawn e) =>
        this with { Status = CommitmentStatus.Withdrawn, Overdue = false, ClosedOn = e.WithdrawnOn, LastFactAt = BusinessTime.Of(e) };

    public Commitment Apply(CommitmentOwnerReassigned e) => this with { Owner = e.Owner, OwnershipAcknowledged = false, LastFactAt = BusinessTime.Of(e) };

    public Commitment Apply(CommitmentOwnershipAcknowledged e) => this with { OwnershipAcknowledged = true, LastFactAt = BusinessTime.Of(e) };

    public Commitment Apply(CommitmentOwnershipKept e) => this with { OwnershipAcknowledged = true, LastFactAt = BusinessTime.Of(e) };

    // Only for the due date in force: a check whose due date an amendment (recorded later, dated earlier) moved is stale.
    public Commitment Apply(CommitmentBecameOverdue e) => this with { Overdue = Overdue || (IsOpen && e.DueOn == DueOn) };

    public ProblemDetails? Closed() => IsOpen
        ? null
        : Problems.Conflict("commitment-closed", $"The commitment is {Status}{(ClosedOn is { } on ? $" since {on:yyyy-MM-dd}" : "")}; it takes no further change.");

    public CommitmentWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var after = appended.Aggregate(this, (state, e) => Advance(state, e)!);
        var occurredAt = appended.OfType<IBusinessFact>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        return new CommitmentWritten(Id, after.Status, version, occurredAt, occurredAt == now);
    }

    /// <summary>
    /// As the facts stood on business date <paramref name="on"/>: overdue when still open and <paramref name="on"/> is after the
    /// due date in force then, whatever the scheduled check has recorded.
    /// </summary>
    public Commitment On(DateOnly on) => this with { Overdue = IsOpen && DueOn < on };

    /// <summary>
    /// The commitment as the given events describe it: the same <c>Create</c>/<c>Apply</c> as the stored row, for
    /// views "as the records stood" at a past instant.
    /// </summary>
    public static Commitment? Fold(IEnumerable<object> events) => events.Aggregate((Commitment?)null, Advance);

    /// <summary>
    /// The commitment as the facts stood on business date <paramref name="on"/>: its events dated by then (in the order they
    /// were recorded, which is the order they happened: a fact may not precede the commitment's latest), null when it had not
    /// been made by then.
    /// </summary>
    public static Commitment? FoldOn(IEnumerable<object> events, DateOnly on) =>
        Fold(events.Where(e => BusinessTime.DateOf(e) <= on))?.On(on);

    /// <summary>One event onto the commitment (null before it was made); events it does not know leave it as it is.</summary>
    public static Commitment? Advance(Commitment? state, object e) =>
        state is null && e is not CommitmentMade ? null : Steps.Apply(e, state!);

    /// <summary>What the commitment folds: every event of its stream.</summary>
    public static readonly FoldSteps<Commitment> Steps = new FoldSteps<Commitment>()
        .On<CommitmentMade>((e, _) => Create(e))
        .On<CommitmentApproved>((e, s) => s.Apply(e))
        .On<CommitmentRejected>((e, s) => s.Apply(e))
        .On<CommitmentAmended>((e, s) => s.Apply(e))
        .On<CommitmentFulfilled>((e, s) => s.Apply(e))
        .On<CommitmentBroken>((e, s) => s.Apply(e))
        .On<CommitmentWithdrawn>((e, s) => s.Apply(e))
        .On<CommitmentOwnerReassigned>((e, s) => s.Apply(e))
        .On<CommitmentOwnershipAcknowledged>((e, s) => s.Apply(e))
        .On<CommitmentOwnershipKept>((e, s) => s.Apply(e))
        .On<CommitmentBecameOverdue>((e, s) => s.Apply(e));
}
