namespace Kam.EventStore.Domain;

/// <summary>
/// Every fact that belongs to a key account, on the account's own stream or on a stream of its own (a commitment, an
/// interaction, a plan...). Each one is a fact in the business's words:
/// it carries the account id (so any projection can group by it), when it happened in business
/// time (<c>OccurredAt</c>, may be backdated) and who recorded it (<c>By</c>, the authenticated caller).
/// When it was recorded comes from the event store's own metadata.
/// </summary>
public interface IAccountEvent : IBusinessFact
{
    /// <summary>The key account the fact belongs to.</summary>
    Guid AccountId { get; }
}

/// <summary>
/// An account's fact recorded on a stream of its own (a commitment, an interaction or a note, an opportunity, a negotiation,
/// a budget or an actual, a plan, a project, a review), not on the account's stream. The account stream's folds (its status,
/// its roles) leave these alone as a family; their own views, the account's activity tallies and the whole-account view fold them.
/// </summary>
public interface IOwnStreamEvent : IAccountEvent;
