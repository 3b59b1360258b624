using Kam.EventStore.Commitments;

namespace Kam.EventStore.People;

/// <summary>
/// Every event on the stream of one of our own people (a colleague who appears in account events: account
/// manager, team member, maker or approver of a commitment). Each carries the person's id (normalised: trimmed,
/// lower case), when it happened in business time (<c>OccurredAt</c>) and who recorded it (<c>By</c>).
/// The stream id is derived from the person id (<see cref="PersonIds.StreamId" />).
/// </summary>
public interface IPersonEvent : IBusinessFact
{
    /// <summary>The person the fact belongs to: employee id or e-mail, normalised.</summary>
    string PersonId { get; }
}

/// <summary>One of our people was entered in the directory with their current profile.</summary>
public sealed record PersonRegistered(
    string PersonId,
    string Name,
    string Title,
    string OrgUnit,
    Seniority Seniority,
    string? ManagerPersonId,
    DateTimeOffset OccurredAt,
    string By) : IPersonEvent;

/// <summary>
/// The person's profile changed from <c>EffectiveOn</c>: a promotion, a move to another unit, a new line manager or none,
/// a change of name. Only the changed fields are set; <c>Manager</c> is null when the line manager did not change.
/// </summary>
/// <remarks>
/// Stored before 2026-11-27 with the manager as two fields, <c>ManagerPersonId</c> and <c>ManagerRemoved</c>; those events
/// are read in this shape under the same stored name (<see cref="PersonProfileChangedShapes" />, docs/event-versioning.md).
/// </remarks>
public sealed record PersonProfileChanged(
    string PersonId,
    string? Name,
    string? Title,
    string? OrgUnit,
    Seniority? Seniority,
    ManagerChange? Manager,
    DateOnly EffectiveOn,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IPersonEvent;

/// <summary>The person's line manager changed: to another person, or to nobody.</summary>
/// <param name="PersonId">The new line manager (person id, normalised); null when the person no longer has a manager.</param>
public sealed record ManagerChange(string? PersonId)
{
    /// <summary>The person no longer has a line manager.</summary>
    public static ManagerChange Removed { get; } = new(PersonId: null);
}

/// <summary>
/// The person left the company. <c>LeftOn</c> is their last day with us: they hold no authority after it,
/// and their record accepts no further changes.
/// </summary>
public sealed record PersonLeftCompany(
    string PersonId,
    DateOnly LeftOn,
    string? Reason,
    DateTimeOffset OccurredAt,
    string By) : IPersonEvent;

/// <summary>
/// The person was given authority from <c>EffectiveFrom</c> (may be backdated or lie in the future): what they may
/// commit the company to alone. It replaces their earlier authority from that date on; a grant with the same
/// <c>EffectiveFrom</c> as an earlier one supersedes it. Above these limits, <c>ApproverPersonId</c> approves.
/// </summary>
public sealed record AuthorityGranted(
    string PersonId,
    DateOnly EffectiveFrom,
    IReadOnlyList<Money> MaxCommitmentValues,
    decimal MaxDiscountPercent,
    IReadOnlyList<CommitmentKind> CommitmentKinds,
    string? ApproverPersonId,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IPersonEvent;

/// <summary>
/// How senior a person is, on one company-wide ladder, lowest first.
/// </summary>
/// <remarks>
/// A fixed ladder rather than free-text titles: titles differ between units and countries, but the question the
/// domain asks ("is our contact senior enough for theirs?") needs values that compare. The order of declaration is
/// the order of seniority, so <c>Seniority.Director &gt;= Seniority.Manager</c> holds; values are stored and sent as
/// names, so adding a level later does not rewrite history. Six levels are the coarsest that still separate
/// individual contributors (Junior, Specialist, Senior) from people leaders (Manager, Director, Executive),
/// which is where customers draw the line.
/// </remarks>
public enum Seniority
{
    /// <summary>Early-career individual contributor.</summary>
    Junior,

    /// <summary>Experienced individual contributor or expert.</summary>
    Specialist,

    /// <summary>Senior individual contributor (senior KAM, lead expert).</summary>
    Senior,

    /// <summary>Leads a team or a function.</summary>
    Manager,

    /// <summary>Leads a unit or a business area.</summary>
    Director,

    /// <summary>Member of the executive team.</summary>
    Executive,
}
