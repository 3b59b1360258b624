namespace Kam.EventStore.Relationships;

// Role changes live on the account's own stream: the rules that bind them (one KAM at a time, no one on the
// team twice, links only to this account's stakeholders) are then checked against one consistent version.
// Every fact has an EffectiveOn business date (IEffectiveDated; may be backdated, not in the future): intervals built
// from them run from EffectiveOn (inclusive) to the EffectiveOn of the fact that closed them (exclusive).

/// <summary>A key account manager (KAM) was assigned to an account that had none.</summary>
public sealed record AccountManagerAssigned(
    Guid AccountId, string PersonId, DateOnly EffectiveOn, string? Note, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>The account was handed over from one KAM to another; the note is what the outgoing KAM passed on.</summary>
public sealed record AccountManagerHandedOver(
    Guid AccountId, string FromPersonId, string ToPersonId, DateOnly EffectiveOn, string HandoverNote,
    DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>The KAM left the account and nobody took over: the position is vacant from <c>EffectiveOn</c>.</summary>
public sealed record AccountManagerPositionVacated(
    Guid AccountId, string PersonId, DateOnly EffectiveOn, string Reason, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>
/// How the KAM role is organised on this account from <c>EffectiveOn</c>: an expert or a managerial role, who the
/// KAM reports to, the share of their time spent on sales, and who reports to them.
/// </summary>
public sealed record KamRoleOrganised(
    Guid AccountId, string PersonId, KamRoleKind Role, string? ManagerPersonId, int SalesSharePercent,
    IReadOnlyList<string> DirectReports, DateOnly EffectiveOn, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>One of our people joined the internal account team with a role.</summary>
public sealed record AccountTeamMemberAdded(
    Guid AccountId, string PersonId, TeamRole Role, string? RoleName, DateOnly EffectiveOn, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>A team member's role on the account changed.</summary>
public sealed record AccountTeamMemberRoleChanged(
    Guid AccountId, string PersonId, TeamRole PreviousRole, TeamRole Role, string? RoleName, DateOnly EffectiveOn,
    DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>A member left the account team.</summary>
public sealed record AccountTeamMemberRemoved(
    Guid AccountId, string PersonId, DateOnly EffectiveOn, string? Reason, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>A person in the customer's organisation became known to us as a stakeholder of the account.</summary>
public sealed record StakeholderAdded(
    Guid AccountId, Guid StakeholderId, StakeholderProfile Profile, DateOnly EffectiveOn, DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact, IEffectiveDated;

/// <summary>
/// Something about a stakeholder changed (promotion, new department, changed stance...). Holds the whole profile
/// as it is from <c>EffectiveOn</c>, so any date's view needs no reconstruction.
/// </summary>
public sealed record StakeholderChanged(
    Guid AccountId, Guid StakeholderId, StakeholderProfile Profile, DateOnly EffectiveOn, string Reason,
    DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact, IEffectiveDated;

/// <summary>The stakeholder left the customer's organisation.</summary>
public sealed record StakeholderLeftCustomer(
    Guid AccountId, Guid StakeholderId, DateOnly EffectiveOn, string? Reason, DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact, IEffectiveDated;

/// <summary>
/// A stakeholder's personal data was erased at their request (GDPR article 17): their name, title, department,
/// contact details and the free-text notes about them were masked in every stored event and read model. The
/// business facts stay: that there was a stakeholder, their organisation level, buying role and stance, their links
/// and every date. This event itself holds none of the erased values.
/// </summary>
/// <param name="Reason">Why (e.g. the request's reference); must not repeat the erased values.</param>
public sealed record StakeholderPersonalDataErased(
    Guid AccountId, Guid StakeholderId, string Reason, DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact;

/// <summary>A working relationship between one of our people and one of theirs was recorded.</summary>
public sealed record RelationshipLinkEstablished(
    Guid AccountId, string PersonId, Guid StakeholderId, LinkStrength Strength, DateOnly EffectiveOn,
    DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact, IEffectiveDated;

/// <summary>A relationship link became stronger or weaker.</summary>
public sealed record RelationshipLinkStrengthChanged(
    Guid AccountId, string PersonId, Guid StakeholderId, LinkStrength PreviousStrength, LinkStrength Strength,
    DateOnly EffectiveOn, DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact, IEffectiveDated;

/// <summary>A relationship link ended.</summary>
public sealed record RelationshipLinkEnded(
    Guid AccountId, string PersonId, Guid StakeholderId, DateOnly EffectiveOn, string? Reason, DateTimeOffset OccurredAt, string By) : IAccountEvent, IStakeholderFact, IEffectiveDated;

/// <summary>A competitor was noted at the customer: who, where (site, unit, product line) and since when.</summary>
public sealed record CompetitorNoted(
    Guid AccountId, Guid CompetitorId, string Name, string Where, DateOnly EffectiveOn, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>A competitor noted earlier is no longer present at the customer.</summary>
public sealed record CompetitorNoLongerPresent(
    Guid AccountId, Guid CompetitorId, DateOnly EffectiveOn, string? Reason, DateTimeOffset OccurredAt, string By) : IAccountEvent, IEffectiveDated;

/// <summary>
/// A fact about one customer stakeholder: erasing the stakeholder's personal data masks every such event of the
/// account stream that has a masking rule (<see cref="StakeholderPersonalData"/>).
/// </summary>
public interface IStakeholderFact
{
    /// <summary>The stakeholder the fact is about.</summary>
    Guid StakeholderId { get; }
}

/// <summary>What we know of a customer stakeholder at a point in time.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Title">Job title.</param>
/// <param name="Department">Department or unit.</param>
/// <param name="Level">Organisation level: Executive, Management or Operational.</param>
/// <param name="BuyingRole">Role in buying decisions.</param>
/// <param name="Stance">Attitude towards us.</param>
/// <param name="Email">Contact e-mail, optional.</param>
/// <param name="Phone">Contact phone, optional.</param>
public sealed record StakeholderProfile(
    string Name, string Title, string Department, OrganisationLevel Level, BuyingRole BuyingRole, Stance Stance,
    string? Email, string? Phone);

/// <summary>How the KAM role is organised: mostly an expert, or a manager of people.</summary>
public enum KamRoleKind
{
    /// <summary>An expert role: the KAM works the account personally.</summary>
    Expert,
    /// <summary>A managerial role: the KAM leads people who work the account.</summary>
    Managerial,
}

/// <summary>Roles on the internal account team; <c>Other</c> needs a role name.</summary>
public enum TeamRole
{
    /// <summary>Executive sponsor of the account from our top management.</summary>
    ExecutiveSponsor,
    /// <summary>Technical lead.</summary>
    TechnicalLead,
    /// <summary>Service manager.</summary>
    ServiceManager,
    /// <summary>Delivery manager.</summary>
    DeliveryManager,
    /// <summary>Specialist.</summary>
    Specialist,
    /// <summary>Another role, named in <c>roleName</c>.</summary>
    Other,
}

/// <summary>Where a stakeholder sits in the customer's organisation.</summary>
public enum OrganisationLevel
{
    /// <summary>Top management.</summary>
    Executive,
    /// <summary>Middle management.</summary>
    Management,
    /// <summary>Operational staff.</summary>
    Operational,
}

/// <summary>A stakeholder's role in the customer's buying decisions.</summary>
public enum BuyingRole
{
    /// <summary>Takes the decision.</summary>
    DecisionMaker,
    /// <summary>Influences the decision.</summary>
    Influencer,
    /// <summary>Uses what is bought.</summary>
    User,
    /// <summary>Controls access to the decision makers.</summary>
    Gatekeeper,
    /// <summary>Advocates for us internally.</summary>
    Champion,
    /// <summary>Works against us.</summary>
    Blocker,
}

/// <summary>A stakeholder's attitude towards us.</summary>
public enum Stance
{
    /// <summary>Supports us.</summary>
    Supportive,
    /// <summary>Neither for nor against.</summary>
    Neutral,
    /// <summary>Opposes us.</summary>
    Opposed,
}

/// <summary>How strong a relationship link is.</summary>
public enum LinkStrength
{
    /// <summary>Occasional contact.</summary>
    Weak,
    /// <summary>Regular contact.</summary>
    Medium,
    /// <summary>A trusted, direct relationship.</summary>
    Strong,
}
