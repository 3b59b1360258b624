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
