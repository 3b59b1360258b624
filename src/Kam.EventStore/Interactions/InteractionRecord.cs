using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Kam.EventStore.Interactions;

/// <summary>
/// One interaction as the account's record shows it: what it says now, and every earlier reading with who changed it,
/// when and why. A retracted interaction stays, marked retracted. Built inline with every write. Its indexed columns
/// (account, when it happened, retracted, participants) also answer the account's contact questions: the last
/// interaction, how many in the last 30 or 90 days, and when each stakeholder and each pair was last in contact.
/// </summary>
public sealed class InteractionRecord
{
    /// <summary>The interaction id (also its stream id).</summary>
    public Guid Id { get; set; }

    /// <summary>The key account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>When the interaction happened (as corrected).</summary>
    public DateTimeOffset HappenedAt { get; set; }

    /// <summary>What the interaction was (as corrected).</summary>
    public InteractionDetails Details { get; set; } = null!;

    /// <summary>Our participants (person ids): our side of contact queries.</summary>
    public string[] PersonIds { get; set; } = [];

    /// <summary>Their participants (stakeholder ids): the customer side of contact queries.</summary>
    public Guid[] StakeholderIds { get; set; } = [];

    /// <summary>True once retracted: the record stays, but it no longer counts as a contact.</summary>
    public bool Retracted { get; set; }

    /// <summary>Why it was retracted.</summary>
    public string? RetractionReason { get; set; }

    /// <summary>When it was first recorded (the store's clock).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Who first recorded it.</summary>
    public string RecordedBy { get; set; } = "";

    /// <summary>Every reading of the record, oldest first: the original, then each correction, then the retraction.</summary>
    public List<InteractionRevision> Revisions { get; set; } = [];

    /// <summary>The interaction's stream version: send it back as the expected version of a correction or retraction.</summary>
    public long Version { get; set; }
}

/// <summary>One reading of an interaction's record.</summary>
/// <param name="Revision">1 for the original record, then one more for each correction or the retraction.</param>
/// <param name="Change">Recorded, Corrected or Retracted.</param>
/// <param name="HappenedAt">When the interaction happened, as this reading says.</param>
/// <param name="Details">What it was, as this reading says.</param>
/// <param name="Reason">Why it was corrected or retracted.</param>
/// <param name="RecordedAt">When this reading was recorded (the store's clock).</param>
/// <param name="RecordedBy">Who recorded it.</param>
public sealed record InteractionRevision(
    int Revision, string Change, DateTimeOffset HappenedAt, InteractionDetails Details, string? Reason, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>Builds <see cref="InteractionRecord"/> from the interaction's stream. Never reads the clock.</summary>
public sealed partial class InteractionRecordProjection : SingleStreamProjection<InteractionRecord, Guid>
{
    public static InteractionRecord Create(IEvent<InteractionRecorded> e)
    {
        var record = new InteractionRecord
        {
            Id = e.Data.InteractionId,
            AccountId = e.Data.AccountId,
            RecordedAt = e.Timestamp,
            RecordedBy = e.Data.By,
        };
        Show(record, e.Data.OccurredAt, e.Data.Details);
        record.Revisions.Add(new InteractionRevision(1, "Recorded", e.Data.OccurredAt, e.Data.Details, null, e.Timestamp, e.Data.By));
        return record;
    }

    public static void Apply(IEvent<InteractionCorrected> e, InteractionRecord record)
    {
        Show(record, e.Data.HappenedAt, e.Data.Details);
        record.Revisions.Add(new InteractionRevision(record.Revisions.Count + 1, "Corrected", e.Data.HappenedAt, e.Data.Details, e.Data.Reason, e.Timestamp, e.Data.By));
    }

    public static void Apply(IEvent<InteractionRetracted> e, InteractionRecord record)
    {
        record.Retracted = true;
        record.RetractionReason = e.Data.Reason;
        record.Revisions.Add(new InteractionRevision(record.Revisions.Count + 1, "Retracted", e.Data.HappenedAt, e.Data.Details, e.Data.Reason, e.Timestamp, e.Data.By));
    }

    private static void Show(InteractionRecord record, DateTimeOffset happenedAt, InteractionDetails details)
    {
        record.HappenedAt = happenedAt;
        record.Details = details;
        record.PersonIds = [.. details.OurParticipants];
        record.StakeholderIds = [.. details.TheirParticipants.Select(p => p.StakeholderId)];
    }
}
