using Kam.EventStore.Timeline;

namespace Kam.EventStore.Interactions;

// A note is its own stream (stream id = note id), like an interaction: writing down what one knows about an
// account never waits for, or conflicts with, anyone else's write on it.

/// <summary>
/// Tacit knowledge about the account was written down: an insight, an observation, something heard in the corridor.
/// Who knows it (<c>AuthorPersonId</c>, one of our people) may differ from who typed it in (<c>By</c>). Tags make
/// notes findable; <c>StakeholderIds</c> name the customer's people the note is about, if any.
/// </summary>
public sealed record NoteRecorded(
    Guid NoteId, Guid AccountId, string Text, IReadOnlyList<string> Tags, string AuthorPersonId,
    IReadOnlyList<Guid> StakeholderIds, DateTimeOffset OccurredAt, string By) : IOwnStreamEvent, ITimelineConcerns
{
    TimelineConcerns ITimelineConcerns.Concerns => new([AuthorPersonId], StakeholderIds, [NoteId]);
}
