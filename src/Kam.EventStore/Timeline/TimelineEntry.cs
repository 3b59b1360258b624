using JasperFx.Events;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.Timeline;

/// <summary>
/// One entry of an account's timeline: something that happened on the account, from any area of the service, placed at
/// its business time, with when and by whom it was recorded, a short title and the ids it concerns.
/// </summary>
/// <remarks>
/// Rows are never updated. Most entries have one row. An interaction's entry has one row per reading of its record: the
/// original, then one per correction and one for the retraction, each valid from when it was recorded; the timeline as
/// of a time shows each entry's latest reading recorded by then. The correction or retraction itself is also an entry
/// of its own, at the time it was made, so the timeline tells both what happened and how the record changed.
/// </remarks>
public sealed class TimelineEntry
{
    /// <summary>The row id (the event's id, or for a later reading of an interaction, derived from it).</summary>
    public Guid Id { get; set; }

    /// <summary>The account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>The entry: the event's id, or the interaction id for every reading of an interaction.</summary>
    public Guid EntryId { get; set; }

    /// <summary>Which reading of the entry this is: 1, then 2 and on for each correction or retraction of an interaction.</summary>
    public int Revision { get; set; }

    /// <summary>The kind of entry: the event's stored name, e.g. <c>AccountStatusChanged</c> or <c>InteractionRecorded</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>A short human-readable title.</summary>
    public string Title { get; set; } = "";

    /// <summary>When it happened in business time: when an interaction happened, the date a role fact took effect, else when the fact occurred.</summary>
    public DateTimeOffset BusinessTime { get; set; }

    /// <summary>When this reading was recorded (the store's clock).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Who recorded it (the authenticated caller).</summary>
    public string Actor { get; set; } = "";

    /// <summary>The global sequence of the event that wrote this reading: the order of recording, and the order among entries with the same business time.</summary>
    public long Sequence { get; set; }

    /// <summary>Our people it concerns (person ids).</summary>
    public string[] PersonIds { get; set; } = [];

    /// <summary>The customer's stakeholders it concerns.</summary>
    public Guid[] StakeholderIds { get; set; } = [];

    /// <summary>Other records it concerns (the interaction, note, competitor...).</summary>
    public Guid[] RelatedIds { get; set; } = [];

    /// <summary>True on the reading of an interaction that was retracted.</summary>
    public bool Retracted { get; set; }
}

/// <summary>
/// Writes the timeline rows of every account event, from every stream: anything implementing <see cref="IAccountEvent"/>
/// appears without code here (its title comes from <see cref="TimelineTitles"/>, its ids from <see cref="Concerning"/>).
/// Inline, so a read right after a write sees the entry. Never reads the clock: the recorded time is the event's.
/// </summary>
public sealed partial class TimelineProjection : EventProjection
{
    public TimelineProjection()
    {
        RegisterPublishedType(typeof(TimelineEntry));
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is IAccountEvent fact)
        {
            foreach (var entry in TimelineRows.Of(e, fact))
            {
                operations.Store(entry);
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The rows one event writes to the timeline.</summary>
public static class TimelineRows
{
    /// <summary>Namespace of the derived ids of later readings (rebuilds write the same ids).</summary>
    private static readonly Guid ReadingNamespace = new("0b6f5a0e-7f59-4d6c-9a55-1d2f0f1f6c71");

    public static IEnumerable<TimelineEntry> Of(IEvent e, IAccountEvent fact)
    {
        if (fact is not InteractionRecorded)
        {
            yield return Row(e, fact, e.Id, e.Id, 1, e.EventTypeName, TimelineTitles.For(fact), BusinessTime(fact), Concerning.Of(fact), retracted: false);
        }

        if (fact is IInteractionEvent interaction)
        {
            // The interaction as this event has it: the reading that supersedes the previous ones from now on.
            yield return Row(
                e, fact,
                fact is InteractionRecorded ? e.Id : PersonIds.NameBased(ReadingNamespace, e.Id.ToString("N")),
                interaction.InteractionId,
                (int)e.Version,
                nameof(InteractionRecorded),
                TimelineTitles.Interaction(interaction.Details),
                interaction.HappenedAt,
                InteractionConcerns.Of(interaction.InteractionId, interaction.Details),
                retracted: fact is InteractionRetracted);
        }
    }

    /// <summary>Where a fact sits in business time (<see cref="Domain.BusinessTime.Of"/>).</summary>
    public static DateTimeOffset BusinessTime(IAccountEvent fact) => Domain.BusinessTime.Of(fact);

    private static TimelineEntry Row(
        IEvent e, IAccountEvent fact, Guid id, Guid entryId, int revision, string kind, string title, DateTimeOffset businessTime,
        TimelineConcerns concerns, bool retracted) => new()
    {
        Id = id,
        AccountId = fact.AccountId,
        EntryId = entryId,
        Revision = revision,
        Kind = kind,
        Title = title,
        BusinessTime = businessTime.ToUniversalTime(),
        RecordedAt = e.Timestamp.ToUniversalTime(),
        Actor = fact.By,
        Sequence = e.Sequence,
        PersonIds = [.. concerns.PersonIds],
        StakeholderIds = [.. concerns.StakeholderIds],
        RelatedIds = [.. concerns.RelatedIds],
        Retracted = retracted,
    };
}
