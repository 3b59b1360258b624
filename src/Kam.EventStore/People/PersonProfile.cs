using Kam.EventStore.Commitments;

namespace Kam.EventStore.People;

/// <summary>What the directory says about a person at one point in time.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Title">Job title as the person's unit spells it.</param>
/// <param name="OrgUnit">The organisational unit they belong to.</param>
/// <param name="Seniority">Level on the company-wide seniority ladder.</param>
/// <param name="ManagerPersonId">Their line manager's person id; null when none is recorded.</param>
public sealed record PersonProfile(string Name, string Title, string OrgUnit, Seniority Seniority, string? ManagerPersonId)
{
    /// <summary>This profile with <paramref name="change" /> applied.</summary>
    public PersonProfile With(ProfileChange change) => new(
        change.Name ?? Name,
        change.Title ?? Title,
        change.OrgUnit ?? OrgUnit,
        change.Seniority ?? Seniority,
        change.ManagerRemoved ? null : change.ManagerPersonId ?? ManagerPersonId);
}

/// <summary>A dated change of a person's profile; only the changed fields are set.</summary>
/// <param name="EffectiveOn">The first day the change holds.</param>
/// <param name="Name">The new name, when it changed.</param>
/// <param name="Title">The new title, when it changed.</param>
/// <param name="OrgUnit">The new organisational unit, when it changed.</param>
/// <param name="Seniority">The new seniority, when it changed.</param>
/// <param name="ManagerPersonId">The new manager, when it changed.</param>
/// <param name="ManagerRemoved">True when the person no longer has a manager.</param>
/// <param name="Reason">Why the profile changed.</param>
public sealed record ProfileChange(
    DateOnly EffectiveOn,
    string? Name,
    string? Title,
    string? OrgUnit,
    Seniority? Seniority,
    string? ManagerPersonId,
    bool ManagerRemoved,
    string Reason)
{
    // The directory keeps answering with the two manager fields it always had: the event's shape and the API's are
    // separate contracts, and the Person documents already stored hold this shape.
    public static ProfileChange From(PersonProfileChanged e) =>
        new(e.EffectiveOn, e.Name, e.Title, e.OrgUnit, e.Seniority, e.Manager?.PersonId, e.Manager == ManagerChange.Removed, e.Reason);
}

/// <summary>
/// A person's profile over time: the registered profile, then the changes in order of the date they take effect
/// (changes effective on the same day in the order they were recorded). Backdated changes slot in where they
/// belong, so a change recorded late never overwrites a later one. Pure: the same events give the same answer.
/// </summary>
public static class ProfileHistory
{
    /// <summary>The changes with <paramref name="change" /> inserted after every change effective on or before its date.</summary>
    public static IReadOnlyList<ProfileChange> Insert(IReadOnlyList<ProfileChange> changes, ProfileChange change)
    {
        var list = changes.ToList();
        var at = list.FindIndex(c => c.EffectiveOn > change.EffectiveOn);
        list.Insert(at < 0 ? list.Count : at, change);
        return list;
    }

    /// <summary>The profile in force on <paramref name="date" /> (the registered profile is assumed to hold before any change).</summary>
    public static PersonProfile On(PersonProfile registered, IReadOnlyList<ProfileChange> changes, DateOnly date) =>
        changes.TakeWhile(c => c.EffectiveOn <= date).Aggregate(registered, (profile, change) => profile.With(change));

    /// <summary>The profile after every recorded change (changes are never dated in the future).</summary>
    public static PersonProfile Latest(PersonProfile registered, IReadOnlyList<ProfileChange> changes) =>
        changes.Aggregate(registered, (profile, change) => profile.With(change));
}

/// <summary>
/// What a person may commit the company to alone, from <c>EffectiveFrom</c> until the next grant takes effect
/// (or until they leave). Above these limits, or for other kinds of commitment, <c>ApproverPersonId</c> approves.
/// </summary>
/// <param name="EffectiveFrom">The first day the grant holds; may be backdated or in the future.</param>
/// <param name="MaxCommitmentValues">The largest commitment value the person may make alone, per currency. A currency not listed: none.</param>
/// <param name="MaxDiscountPercent">The largest discount, in percent (0-100), the person may grant alone.</param>
/// <param name="CommitmentKinds">The kinds of commitment the person may make alone.</param>
/// <param name="ApproverPersonId">Who approves commitments above this authority; null when none is recorded.</param>
/// <param name="Reason">Why the authority was granted or changed.</param>
/// <param name="GrantedAt">When it was granted, in business time.</param>
/// <param name="GrantedBy">Who recorded the grant.</param>
public sealed record AuthorityGrant(
    DateOnly EffectiveFrom,
    IReadOnlyList<Money> MaxCommitmentValues,
    decimal MaxDiscountPercent,
    IReadOnlyList<CommitmentKind> CommitmentKinds,
    string? ApproverPersonId,
    string Reason,
    DateTimeOffset GrantedAt,
    string GrantedBy)
{
    public static AuthorityGrant From(AuthorityGranted e) =>
        new(e.EffectiveFrom, e.MaxCommitmentValues, e.MaxDiscountPercent, e.CommitmentKinds, e.ApproverPersonId, e.Reason, e.OccurredAt, e.By);
}

/// <summary>A person's authority over time: grants in order of <c>EffectiveFrom</c>, one per date.</summary>
public static class AuthorityHistory
{
    /// <summary>The grants with <paramref name="grant" /> in its place; a grant with the same <c>EffectiveFrom</c> is superseded.</summary>
    public static IReadOnlyList<AuthorityGrant> Insert(IReadOnlyList<AuthorityGrant> grants, AuthorityGrant grant) =>
        grants.Where(g => g.EffectiveFrom != grant.EffectiveFrom).Append(grant).OrderBy(g => g.EffectiveFrom).ToList();

    /// <summary>
    /// The grant in force on <paramref name="date" />: the latest one effective on or before it. Null before the
    /// first grant, and after <paramref name="leftOn" />, the person's last day with us.
    /// </summary>
    public static AuthorityGrant? On(IReadOnlyList<AuthorityGrant> grants, DateOnly date, DateOnly? leftOn) =>
        date > leftOn ? null : grants.LastOrDefault(g => g.EffectiveFrom <= date);
}
