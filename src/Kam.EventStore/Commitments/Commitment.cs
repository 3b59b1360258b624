using Kam.EventStore.Infrastructure;

namespace Kam.EventStore.Commitments;

/// <summary>
/// A promise to the customer as it stands: the write model of a commitment stream and, kept inline, the row of the
/// commitment register dashboards query. Immutable: <c>Create</c> and <c>Apply</c> return a new value.
/// </summary>
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
    bool? KeptOnTime)
{
    /// <summary>The commitment stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    /// <summary>Open: still to be kept (in force or pending approval).</summary>
    public bool IsOpen => Status is CommitmentStatus.InForce or CommitmentStatus.PendingApproval;

    public static Commitment Create(CommitmentMade e) => new(
        e.CommitmentId, e.AccountId, e.MadeBy, e.MadeTo, e.InteractionId, e.Kind, e.Description, e.Value, e.DiscountPercent, e.MadeOn,
        e.DueOn, e.Owner, e.Check.Within ? CommitmentStatus.InForce : CommitmentStatus.PendingApproval,
        e.Check.Within ? null : e.Check.Approver, false, e.Owner == e.MadeBy, null, null);

    public Commitment Apply(CommitmentApproved e) => this with { Status = CommitmentStatus.InForce, PendingApprover = null };

    public Commitment Apply(CommitmentRejected e) =>
        this with { Status = CommitmentStatus.Rejected, PendingApprover = null, ClosedOn = DateOnly.FromDateTime(e.OccurredAt.UtcDateTime) };

    public Commitment Apply(CommitmentAmended e) => this with
    {
        Description = e.Description,
        Value = e.Value,
        DiscountPercent = e.DiscountPercent,
        DueOn = e.DueOn,
        Overdue = Overdue && e.DueOn == DueOn,
        Status = e.Check is { Within: false } ? CommitmentStatus.PendingApproval : Status,
        PendingApprover = e.Check is { Within: false } check ? check.Approver : PendingApprover,
    };

    public Commitment Apply(CommitmentFulfilled e) => this with
    {
        Status = CommitmentStatus.Fulfilled,
        ClosedOn = e.FulfilledOn,
        KeptOnTime = DueOn is null || e.FulfilledOn <= DueOn,
    };

    public Commitment Apply(CommitmentBroken e) => this with { Status = CommitmentStatus.Broken, ClosedOn = e.BrokenOn, KeptOnTime = false };

    public Commitment Apply(CommitmentWithdrawn e) => this with { Status = CommitmentStatus.Withdrawn, ClosedOn = e.WithdrawnOn };

    public Commitment Apply(CommitmentOwnerReassigned e) => this with { Owner = e.Owner, OwnershipAcknowledged = false };

    public Commitment Apply(CommitmentOwnershipAcknowledged e) => this with { OwnershipAcknowledged = true };

    public Commitment Apply(CommitmentOwnershipKept e) => this with { OwnershipAcknowledged = true };

    public Commitment Apply(CommitmentBecameOverdue e) => this with { Overdue = true };

    /// <summary>
    /// The commitment as the given events describe it: the same <c>Create</c>/<c>Apply</c> as the stored row, for
    /// views "as the records stood" at a past instant.
    /// </summary>
    public static Commitment? Fold(IEnumerable<object> events) => events.Aggregate((Commitment?)null, Advance);

    /// <summary>One event onto the commitment (null before it was made); events it does not know leave it as it is.</summary>
    public static Commitment? Advance(Commitment? state, object e) => (e, state) switch
    {
        (CommitmentMade made, _) => Create(made),
        (_, null) => null,
        (CommitmentApproved x, { } s) => s.Apply(x),
        (CommitmentRejected x, { } s) => s.Apply(x),
        (CommitmentAmended x, { } s) => s.Apply(x),
        (CommitmentFulfilled x, { } s) => s.Apply(x),
        (CommitmentBroken x, { } s) => s.Apply(x),
        (CommitmentWithdrawn x, { } s) => s.Apply(x),
        (CommitmentOwnerReassigned x, { } s) => s.Apply(x),
        (CommitmentOwnershipAcknowledged x, { } s) => s.Apply(x),
        (CommitmentOwnershipKept x, { } s) => s.Apply(x),
        (CommitmentBecameOverdue x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };
}
