using System.Text.Json.Serialization;
using Kam.EventStore.Commitments;

namespace Kam.EventStore.Sales;

// Each negotiation is a stream of its own (the negotiation id) that belongs to an account: its events carry the account id.
// Concessions live on the negotiation's stream; a granted one also starts a commitment stream (linked both ways).

/// <summary>
/// A negotiation with the customer was opened: its subject, the opportunity or renewal it is about, our negotiators, their
/// stakeholders (by id) and our mandate. The mandate is shown only to writers and above (<see cref="WritersOnlyAttribute"/>).
/// </summary>
public sealed record NegotiationOpened(
    Guid AccountId,
    Guid NegotiationId,
    string Subject,
    Guid? OpportunityId,
    string? RenewalOf,
    IReadOnlyList<string> NegotiatorPersonIds,
    IReadOnlyList<Guid> StakeholderIds,
    [property: WritersOnly] NegotiationMandate Mandate,
    DateOnly OpenedOn,
    DateTimeOffset OccurredAt,
    string By) : INegotiationEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => OpenedOn;
}

/// <summary>A round of the negotiation was held on <c>HeldOn</c>: what each side asked for and offered.</summary>
public sealed record NegotiationRoundHeld(
    Guid AccountId,
    Guid NegotiationId,
    int Round,
    string WeAsked,
    string WeOffered,
    string TheyAsked,
    string TheyOffered,
    DateOnly HeldOn,
    DateTimeOffset OccurredAt,
    string By) : INegotiationEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => HeldOn;
}

/// <summary>
/// One of our negotiators offered a concession on <c>OfferedOn</c>, checked against their authority in force that day with the
/// same rule as commitments: within it, it may be granted; beyond it, it waits for the approver the check names.
/// </summary>
public sealed record ConcessionOffered(
    Guid AccountId,
    Guid NegotiationId,
    Guid ConcessionId,
    ConcessionKind Kind,
    string Description,
    decimal? DiscountPercent,
    Money? Value,
    int? PaymentTermDays,
    string OfferedByPersonId,
    AuthorityCheck Check,
    DateOnly OfferedOn,
    DateTimeOffset OccurredAt,
    string By) : INegotiationEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => OfferedOn;
}

/// <summary>An approver whose own authority on the approval's date covers the concession approved it (with that check); it may now be granted.</summary>
public sealed record ConcessionApproved(
    Guid AccountId, Guid NegotiationId, Guid ConcessionId, string ApprovedByPersonId, AuthorityCheck ApproverCheck, string? Note, DateTimeOffset OccurredAt,
    string By) : INegotiationEvent;

/// <summary>The approver rejected the concession; it may not be granted.</summary>
public sealed record ConcessionRejected(
    Guid AccountId, Guid NegotiationId, Guid ConcessionId, string RejectedByPersonId, string Reason, DateTimeOffset OccurredAt, string By) : INegotiationEvent;

/// <summary>
/// The concession was granted to the customer on <c>GrantedOn</c> and became commitment <c>CommitmentId</c> (whose
/// <c>CommitmentMade</c> names this negotiation and concession); its value where it can be computed (given, or the discount
/// on the opportunity's value).
/// </summary>
public sealed record ConcessionGranted(
    Guid AccountId, Guid NegotiationId, Guid ConcessionId, Guid CommitmentId, Money? Value, DateOnly GrantedOn, DateTimeOffset OccurredAt, string By)
    : INegotiationEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => GrantedOn;
}

/// <summary>The concession was withdrawn before it was granted, with the reason.</summary>
public sealed record ConcessionWithdrawn(
    Guid AccountId, Guid NegotiationId, Guid ConcessionId, string Reason, DateTimeOffset OccurredAt, string By) : INegotiationEvent;

/// <summary>The negotiation closed on <c>ClosedOn</c>: with an agreement (its terms) or without one (the reason).</summary>
public sealed record NegotiationClosed(
    Guid AccountId, Guid NegotiationId, NegotiationOutcome Outcome, string? AgreedTerms, string? Reason, DateOnly ClosedOn, DateTimeOffset OccurredAt, string By)
    : INegotiationEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => ClosedOn;
}

/// <summary>Our mandate in a negotiation: where we open and where we walk away. Writers and above only.</summary>
public sealed record NegotiationMandate
{
    public NegotiationMandate(string openingPosition, string walkAwayLimit)
    {
        OpeningPosition = openingPosition;
        WalkAwayLimit = walkAwayLimit;
    }

    [JsonConstructor]
    private NegotiationMandate()
    {
    }

    /// <summary>Where we open.</summary>
    /// <example>List price, 30-day payment terms</example>
    [JsonRequired]
    public string OpeningPosition { get; init; } = "";

    /// <summary>The limit beyond which we walk away.</summary>
    /// <example>At most 8% discount and 60-day terms</example>
    [JsonRequired]
    public string WalkAwayLimit { get; init; } = "";
}

/// <summary>What a concession gives the customer.</summary>
public enum ConcessionKind
{
    /// <summary>A discount, in percent.</summary>
    Discount,
    /// <summary>A lower price (the value is the reduction).</summary>
    Price,
    /// <summary>Longer payment terms.</summary>
    PaymentTerms,
    /// <summary>A service given free of charge (the value is what it is worth).</summary>
    FreeService,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Where a concession stands.</summary>
public enum ConcessionStatus
{
    /// <summary>Beyond the negotiator's authority: waiting for the approver.</summary>
    PendingApproval,
    /// <summary>Offered within authority, or approved: it may be granted.</summary>
    Offered,
    /// <summary>Granted: it is a commitment now.</summary>
    Granted,
    /// <summary>Withdrawn before it was granted.</summary>
    Withdrawn,
    /// <summary>Rejected by the approver.</summary>
    Rejected,
}

/// <summary>Where a negotiation stands.</summary>
public enum NegotiationStatus
{
    /// <summary>Under way.</summary>
    Open,
    /// <summary>Closed with an agreement.</summary>
    Agreed,
    /// <summary>Closed without one.</summary>
    NoAgreement,
}

/// <summary>How a negotiation ended.</summary>
public enum NegotiationOutcome
{
    /// <summary>With an agreement.</summary>
    Agreement,
    /// <summary>Without one.</summary>
    NoAgreement,
}

/// <summary>Concessions are checked against authority as commitments of the matching kind are.</summary>
public static class ConcessionKinds
{
    public static CommitmentKind AsCommitment(this ConcessionKind kind) => kind switch
    {
        ConcessionKind.Discount or ConcessionKind.Price or ConcessionKind.PaymentTerms => CommitmentKind.PriceOrDiscount,
        ConcessionKind.FreeService => CommitmentKind.Resource,
        _ => CommitmentKind.Other,
    };
}
