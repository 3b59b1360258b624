namespace Kam.EventStore.Interactions;

/// <summary>
/// The write model of one interaction: what corrections and retractions decide on (which account it belongs to, what
/// the record says now, whether it was retracted). Immutable; kept as an inline snapshot of the interaction's stream.
/// </summary>
public sealed record Interaction(
    Guid Id,
    Guid AccountId,
    DateTimeOffset HappenedAt,
    InteractionDetails Details,
    bool Retracted)
{
    public static Interaction Create(InteractionRecorded e) => new(e.InteractionId, e.AccountId, e.OccurredAt, e.Details, Retracted: false);

    public Interaction Apply(InteractionCorrected e) => this with { HappenedAt = e.HappenedAt, Details = e.Details };

    public Interaction Apply(InteractionRetracted e) => this with { Retracted = true };
}
