using Kam.EventStore.Relationships;
using Kam.EventStore.Timeline;

namespace Kam.EventStore.Interactions;

// An interaction is its own stream (stream id = interaction id), not a fact on the account stream: a busy account's
// meetings, calls and e-mails would otherwise serialise on one stream version with every role change. The events
// still carry the AccountId (IAccountEvent), so every account-wide view groups them by account without lookups.
// A correction or retraction says what the record read before (and after), so views that count or index
// interactions (the timeline, the account's contact counts) update from the event alone, without reading back.

/// <summary>Every event on an interaction's stream.</summary>
public interface IInteractionEvent : IOwnStreamEvent, ITimelineConcerns
{
    /// <summary>The interaction (also its stream id).</summary>
    Guid InteractionId { get; }

    /// <summary>When the interaction happened, as this event has it.</summary>
    DateTimeOffset HappenedAt { get; }

    /// <summary>What the interaction was, as this event has it.</summary>
    InteractionDetails Details { get; }
}

/// <summary>
/// A contact with the customer was recorded: a meeting, call, e-mail, visit... with who took part on both sides, what
/// was discussed, what was disclosed or handed over to whom, and the follow-up actions agreed. <c>OccurredAt</c> is
/// when the interaction happened (it may be recorded days later).
/// </summary>
public sealed record InteractionRecorded(
    Guid InteractionId, Guid AccountId, InteractionDetails Details, DateTimeOffset OccurredAt, string By) : IInteractionEvent
{
    DateTimeOffset IInteractionEvent.HappenedAt => OccurredAt;

    TimelineConcerns ITimelineConcerns.Concerns => InteractionConcerns.Of(InteractionId, Details);
}

/// <summary>
/// The record of an interaction was wrong and was corrected, with the reason. Holds the whole record as it reads now
/// (<c>HappenedAt</c>, <c>Details</c>) and as it read before (<c>PreviousHappenedAt</c>, <c>Previous</c>), so the event
/// alone says what changed. <c>OccurredAt</c> is when the correction was made.
/// </summary>
public sealed record InteractionCorrected(
    Guid InteractionId, Guid AccountId, DateTimeOffset HappenedAt, InteractionDetails Details,
    DateTimeOffset PreviousHappenedAt, InteractionDetails Previous, string Reason, DateTimeOffset OccurredAt, string By) : IInteractionEvent
{
    TimelineConcerns ITimelineConcerns.Concerns => InteractionConcerns.Of(InteractionId, Details, Previous);
}

/// <summary>
/// An interaction recorded by mistake (it did not happen, or not with this customer) was retracted, with the reason.
/// The record stays in the history, marked retracted; it no longer counts as a contact. Holds the record as it read
/// when retracted. <c>OccurredAt</c> is when it was retracted.
/// </summary>
public sealed record InteractionRetracted(
    Guid InteractionId, Guid AccountId, DateTimeOffset HappenedAt, InteractionDetails Details, string Reason,
    DateTimeOffset OccurredAt, string By) : IInteractionEvent
{
    TimelineConcerns ITimelineConcerns.Concerns => InteractionConcerns.Of(InteractionId, Details);
}

/// <summary>What an interaction was: everything but when it happened.</summary>
/// <param name="Kind">Meeting, Call, Email, Visit, Workshop, Negotiation, Review or Other.</param>
/// <param name="Channel">How it took place: InPerson, Video, Phone, Email, Chat or Other.</param>
/// <param name="DurationMinutes">How long it took, when it matters (not for an e-mail).</param>
/// <param name="Subject">One line: what it was about.</param>
/// <param name="Summary">What was communicated, agreed or learned.</param>
/// <param name="OurParticipants">Our people who took part (person ids, normalised).</param>
/// <param name="TheirParticipants">The customer's stakeholders who took part, with their name and organisation level at the time.</param>
/// <param name="Topics">Topics discussed.</param>
/// <param name="Disclosures">What was disclosed or handed over, and to whom.</param>
/// <param name="FollowUps">Follow-up actions agreed, each with an owner on our side and a due date.</param>
public sealed record InteractionDetails(
    InteractionKind Kind,
    InteractionChannel Channel,
    int? DurationMinutes,
    string Subject,
    string Summary,
    IReadOnlyList<string> OurParticipants,
    IReadOnlyList<StakeholderParticipant> TheirParticipants,
    IReadOnlyList<string> Topics,
    IReadOnlyList<Disclosure> Disclosures,
    IReadOnlyList<FollowUp> FollowUps);

/// <summary>
/// A customer stakeholder who took part. Name and level are copied from the account's stakeholder record as it stood on
/// the interaction's date, so the record says who was met at which level even after promotions or departures.
/// </summary>
/// <param name="StakeholderId">The stakeholder.</param>
/// <param name="Name">Their name then.</param>
/// <param name="Level">Their organisation level then.</param>
public sealed record StakeholderParticipant(Guid StakeholderId, string Name, OrganisationLevel Level);

/// <summary>Something disclosed or handed over to the customer.</summary>
/// <param name="What">What, e.g. "Price list 2027 sent" or "Roadmap shown".</param>
/// <param name="To">The stakeholders it went to (among the participants); empty when it went to every one of them.</param>
/// <param name="UnderNda">True when it was disclosed under a non-disclosure agreement.</param>
public sealed record Disclosure(string What, IReadOnlyList<Guid> To, bool UnderNda);

/// <summary>A follow-up action agreed in the interaction.</summary>
/// <param name="Action">What is to be done.</param>
/// <param name="OwnerPersonId">Who of ours owns it (person id, normalised).</param>
/// <param name="DueOn">When it is due.</param>
public sealed record FollowUp(string Action, string OwnerPersonId, DateOnly DueOn);

/// <summary>What kind of contact it was.</summary>
public enum InteractionKind
{
    /// <summary>A meeting.</summary>
    Meeting,
    /// <summary>A phone or video call.</summary>
    Call,
    /// <summary>An e-mail exchange.</summary>
    Email,
    /// <summary>A visit to the customer's or our site.</summary>
    Visit,
    /// <summary>A joint workshop.</summary>
    Workshop,
    /// <summary>A negotiation.</summary>
    Negotiation,
    /// <summary>An account or business review with the customer.</summary>
    Review,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>How the contact took place.</summary>
public enum InteractionChannel
{
    /// <summary>Face to face.</summary>
    InPerson,
    /// <summary>Video conference.</summary>
    Video,
    /// <summary>Telephone.</summary>
    Phone,
    /// <summary>E-mail.</summary>
    Email,
    /// <summary>Chat or messaging.</summary>
    Chat,
    /// <summary>Anything else (letter, fair, social event...).</summary>
    Other,
}

/// <summary>Who and what an interaction event concerns, for the timeline's filters.</summary>
public static class InteractionConcerns
{
    public static TimelineConcerns Of(Guid interactionId, InteractionDetails details, InteractionDetails? previous = null)
    {
        // A correction concerns the people it removed as well as those it names now: both want to see it.
        var all = previous is null ? [details] : new[] { details, previous };
        return new TimelineConcerns(
            [.. all.SelectMany(d => d.OurParticipants.Concat(d.FollowUps.Select(f => f.OwnerPersonId))).Distinct(StringComparer.Ordinal)],
            [.. all.SelectMany(d => d.TheirParticipants.Select(p => p.StakeholderId)).Distinct()],
            [interactionId]);
    }
}
