namespace Kam.EventStore.Health;

// Every version of the health formula is an event on one stream (HealthFormulaBook.StreamId): versions are numbered in the
// order they were registered, and none is ever changed. The formula is not a fact about one account, so its events are a
// family of their own, not account events.

/// <summary>Every event of the health formula's stream.</summary>
public interface IHealthFormulaEvent : IBusinessFact;

/// <summary>
/// A new version of the health formula was registered: the signals that count with their weights and thresholds, the bands
/// and the stage probabilities the forecast is weighted with. Scores as of any instant from then on use it by default;
/// scores of any instant can be asked for under it (or any other version).
/// </summary>
public sealed record HealthFormulaRegistered(
    int Version,
    string Name,
    string Reason,
    IReadOnlyList<SignalRule> Signals,
    IReadOnlyList<HealthBand> Bands,
    StageWeights StageProbabilities,
    DateTimeOffset OccurredAt,
    string By) : IHealthFormulaEvent;
