namespace Kam.EventStore.Accounts;

/// <summary>A customer was designated a key account because it meets the company's key-account criteria.</summary>
public sealed record KeyAccountDesignated(
    Guid AccountId,
    string Name,
    string RegistryId,
    string Segment,
    AccountTier Tier,
    IReadOnlyList<string> CriteriaMet,
    DateOnly DesignatedOn,
    Money RevenueBudget,
    DateTimeOffset OccurredAt,
    string By) : IAccountEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => DesignatedOn;
}

/// <summary>The customer changed its name (a real rename, not a correction of our record).</summary>
public sealed record KeyAccountRenamed(
    Guid AccountId,
    string PreviousName,
    string Name,
    string? Reason,
    DateTimeOffset OccurredAt,
    string By) : IAccountEvent;

/// <summary>
/// Details recorded earlier were wrong and were corrected. Only the corrected fields are set;
/// the original values stay visible in the history.
/// </summary>
public sealed record AccountDetailsCorrected(
    Guid AccountId,
    string? Name,
    string? RegistryId,
    string? Segment,
    IReadOnlyList<string>? CriteriaMet,
    DateOnly? DesignatedOn,
    Money? RevenueBudget,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IAccountEvent;

/// <summary>The account was moved to another tier of the key-account portfolio.</summary>
public sealed record KeyAccountReclassified(
    Guid AccountId,
    AccountTier PreviousTier,
    AccountTier Tier,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IAccountEvent;

/// <summary>The health of the relationship was judged to have changed (active, at risk, dormant).</summary>
public sealed record AccountStatusChanged(
    Guid AccountId,
    AccountHealth PreviousStatus,
    AccountHealth Status,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IAccountEvent;

/// <summary>
/// The customer stopped being a key account (no longer meets the criteria, relationship ended, merged...).
/// The history stays; the account accepts no further changes.
/// </summary>
public sealed record KeyAccountDesignationEnded(
    Guid AccountId,
    DateOnly EndedOn,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IAccountEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => EndedOn;
}

/// <summary>Where the account sits in the key-account portfolio.</summary>
public enum AccountTier
{
    /// <summary>Strategic partner: the highest investment and the most levels in contact.</summary>
    Strategic,
    /// <summary>Key account.</summary>
    Key,
    /// <summary>Account being developed towards key-account level.</summary>
    Development,
}

/// <summary>The judged health of the relationship.</summary>
public enum AccountHealth
{
    /// <summary>The relationship is active and healthy.</summary>
    Active,
    /// <summary>The relationship is at risk (e.g. a competitor gained ground, a champion left).</summary>
    AtRisk,
    /// <summary>No meaningful activity for a long time.</summary>
    Dormant,
}
