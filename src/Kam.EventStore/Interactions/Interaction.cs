using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Interactions;

/// <summary>
/// The write model of one interaction: what corrections and retractions decide on (which account it belongs to, what
/// the record says now, whether it was retracted). Immutable; kept as an inline snapshot of the interaction's stream.
/// <c>LastFactAt</c> is the latest business time on the record (when it happened, when it was last corrected): a correction
/// or retraction may not precede it.
/// </summary>
[DuplicateRule("duplicate-interaction")]
public sealed record Interaction(
    Guid Id,
    Guid AccountId,
    DateTimeOffset HappenedAt,
    InteractionDetails Details,
    bool Retracted,
    DateTimeOffset LastFactAt = default) : IWriteModel<InteractionWritten>
{
    public static Interaction Create(InteractionRecorded e) => new(e.InteractionId, e.AccountId, e.OccurredAt, e.Details, Retracted: false, e.OccurredAt);

    public Interaction Apply(InteractionCorrected e) =>
        this with { HappenedAt = e.HappenedAt, Details = e.Details, LastFactAt = new[] { LastFactAt, e.HappenedAt, e.OccurredAt }.Max() };

    public Interaction Apply(InteractionRetracted e) => this with { Retracted = true, LastFactAt = new[] { LastFactAt, e.OccurredAt }.Max() };

    public ProblemDetails? Closed() => Retracted
        ? Problems.Conflict("interaction-retracted", $"Interaction {Id} was retracted; its record takes no further change.")
        : null;

    public InteractionWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var occurredAt = appended.OfType<IBusinessFact>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        return new InteractionWritten(Id, version, occurredAt, occurredAt == now);
    }
}
