using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Kam.EventStore.Interactions;

/// <summary>A note or insight about the account: tacit knowledge written down, with tags and its author.</summary>
[DuplicateRule("duplicate-note")]
public sealed class Note
{
    /// <summary>The note id (also its stream id).</summary>
    public Guid Id { get; set; }

    /// <summary>The key account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>The note.</summary>
    public string Text { get; set; } = "";

    /// <summary>Tags, as given.</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];

    /// <summary>Who of our people knows this (person id).</summary>
    public string AuthorPersonId { get; set; } = "";

    /// <summary>The customer's stakeholders the note is about.</summary>
    public IReadOnlyList<Guid> StakeholderIds { get; set; } = [];

    /// <summary>When it was learned, in business time.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When it was recorded (the store's clock).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Who recorded it.</summary>
    public string RecordedBy { get; set; } = "";
}

/// <summary>Builds <see cref="Note"/> from the note's stream.</summary>
public sealed partial class NoteProjection : SingleStreamProjection<Note, Guid>
{
    public static Note Create(IEvent<NoteRecorded> e) => new()
    {
        Id = e.Data.NoteId,
        AccountId = e.Data.AccountId,
        Text = e.Data.Text,
        Tags = e.Data.Tags,
        AuthorPersonId = e.Data.AuthorPersonId,
        StakeholderIds = e.Data.StakeholderIds,
        OccurredAt = e.Data.OccurredAt,
        RecordedAt = e.Timestamp,
        RecordedBy = e.Data.By,
    };
}
