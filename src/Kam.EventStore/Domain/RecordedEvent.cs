using System.Text.Json.Serialization;
using JasperFx.Events;

namespace Kam.EventStore.Domain;

/// <summary>One event of a stream as it was recorded, with its provenance.</summary>
/// <param name="Type">The event type, e.g. <c>KeyAccountDesignated</c>.</param>
/// <param name="Data">The event's data, in its type's current shape (an event stored in an older shape is read in the current one).</param>
/// <param name="Version">Its position in the stream (1-based).</param>
/// <param name="Sequence">Its position in the whole store (global order of recording).</param>
/// <param name="OccurredAt">When it happened in business time.</param>
/// <param name="RecordedAt">When the store recorded it.</param>
/// <param name="RecordedBy">Who recorded it (the authenticated caller).</param>
/// <param name="CorrelationId">The correlation id of the request that recorded it.</param>
/// <param name="CausationId">What caused it, when known.</param>
public sealed record RecordedEvent(
    string Type,
    object Data,
    long Version,
    long Sequence,
    DateTimeOffset? OccurredAt,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? CorrelationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CausationId)
{
    public static RecordedEvent From(IEvent e) => new(
        e.EventTypeName,
        e.Data,
        e.Version,
        e.Sequence,
        e.Data is IBusinessFact ? BusinessTime.Of(e.Data) : null,
        e.Timestamp,
        e.UserName,
        e.CorrelationId,
        e.CausationId);
}
