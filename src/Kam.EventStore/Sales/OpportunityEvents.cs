namespace Kam.EventStore.Sales;

// Each opportunity is a stream of its own (the opportunity id) that belongs to an account: its events carry the account id.

/// <summary>
/// A chance of new business on the account was opened: what, worth how much, expected to close when, for which products,
/// who of ours owns it, which of their stakeholders are involved (by id: their personal data stays with the stakeholder),
/// where it came from, and its stage.
/// </summary>
public sealed record OpportunityOpened(
    Guid AccountId,
    Guid OpportunityId,
    string Title,
    Money Value,
    DateOnly ExpectedCloseOn,
    IReadOnlyList<string> Products,
    string OwnerPersonId,
    IReadOnlyList<Guid> StakeholderIds,
    string Source,
    OpportunityStage Stage,
    DateOnly OpenedOn,
    DateTimeOffset OccurredAt,
    string By) : IOpportunityEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => OpenedOn;
}

/// <summary>The opportunity moved to another stage (qualify, propose, negotiate), from <c>OccurredAt</c>.</summary>
public sealed record OpportunityStageChanged(
    Guid AccountId, Guid OpportunityId, OpportunityStage PreviousStage, OpportunityStage Stage, string? Note, DateTimeOffset OccurredAt, string By)
    : IOpportunityEvent;

/// <summary>The opportunity's value or expected close date changed, with the values before and why.</summary>
public sealed record OpportunityRevised(
    Guid AccountId,
    Guid OpportunityId,
    Money Value,
    DateOnly ExpectedCloseOn,
    Money PreviousValue,
    DateOnly PreviousExpectedCloseOn,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IOpportunityEvent;

/// <summary>The opportunity was won on <c>WonOn</c>: the value booked, and the commitments made to win it (linked by id).</summary>
public sealed record OpportunityWon(
    Guid AccountId, Guid OpportunityId, Money BookedValue, IReadOnlyList<Guid> CommitmentIds, string? Note, DateOnly WonOn, DateTimeOffset OccurredAt, string By)
    : IOpportunityEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => WonOn;
}

/// <summary>
/// The opportunity was lost on <c>LostOn</c>, with the reason; lost to a competitor, its name and the competitor presence on
/// the account it is linked to (noted with the loss when the competitor was not present).
/// </summary>
public sealed record OpportunityLost(
    Guid AccountId, Guid OpportunityId, string Reason, string? CompetitorName, Guid? CompetitorId, DateOnly LostOn, DateTimeOffset OccurredAt, string By)
    : IOpportunityEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => LostOn;
}

/// <summary>We stopped pursuing the opportunity on <c>AbandonedOn</c>, with the reason.</summary>
public sealed record OpportunityAbandoned(Guid AccountId, Guid OpportunityId, string Reason, DateOnly AbandonedOn, DateTimeOffset OccurredAt, string By)
    : IOpportunityEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => AbandonedOn;
}

/// <summary>A lost or abandoned opportunity is pursued again, at a stage, with the reason.</summary>
public sealed record OpportunityReopened(
    Guid AccountId, Guid OpportunityId, OpportunityStage Stage, string Reason, DateTimeOffset OccurredAt, string By) : IOpportunityEvent;

/// <summary>How far an open opportunity has come; each stage has a probability of being won (configuration).</summary>
public enum OpportunityStage
{
    /// <summary>Identified, not yet qualified.</summary>
    Identify,
    /// <summary>Qualified: a real need, budget and decision path.</summary>
    Qualify,
    /// <summary>A proposal is with the customer.</summary>
    Propose,
    /// <summary>In negotiation.</summary>
    Negotiate,
}

/// <summary>Where an opportunity stands.</summary>
public enum OpportunityStatus
{
    /// <summary>Being pursued.</summary>
    Open,
    /// <summary>Won: the business is booked.</summary>
    Won,
    /// <summary>Lost (to a competitor, or otherwise).</summary>
    Lost,
    /// <summary>No longer pursued.</summary>
    Abandoned,
}
