using JasperFx.Events;
using Marten;

namespace Kam.EventStore.Relationships;

/// <summary>
/// What erasing a stakeholder's personal data masks, in one place: the Marten masking rules that rewrite the stored
/// events, and the same masking applied by the read models when they see <see cref="StakeholderPersonalDataErased"/>
/// (so a rebuild from the masked events gives the same documents).
/// </summary>
/// <remarks>
/// Masked: name, title and department (together with the customer they single a person out), e-mail, phone, and every
/// free-text note on the stakeholder's events (change reasons, departure reasons, link-end reasons), which may say
/// anything about them; their name where an interaction's record copied it; the text of notes about them. Kept as business facts: the stakeholder id, organisation level, buying role and stance (coarse
/// categories that coverage signals are computed from), links with our people and their strengths, and every date.
/// </remarks>
public static class StakeholderPersonalData
{
    /// <summary>What an erased stakeholder is called from then on.</summary>
    public const string ErasedName = "Erased stakeholder";

    /// <summary>What every other erased text reads.</summary>
    public const string Erased = "(erased)";

    public static StakeholderProfile Erase(this StakeholderProfile profile) =>
        profile with { Name = ErasedName, Title = Erased, Department = Erased, Email = null, Phone = null };

    /// <summary>A free-text note, masked (kept absent when it was absent).</summary>
    public static string? EraseNote(string? note) => note is null ? null : Erased;

    /// <summary>
    /// The stakeholder an erasure in progress is about. Marten's masking rules are registered once at start-up and see
    /// only the event; rules for events that mention several stakeholders (an interaction's participants) read this to
    /// mask the one being erased and nobody else. Set only around <c>ApplyEventDataMasking</c> by the erasure endpoint.
    /// </summary>
    public static readonly AsyncLocal<Guid?> Erasing = new();

    /// <summary>An interaction's record with the erased stakeholder's name masked among the participants.</summary>
    public static Interactions.InteractionDetails EraseParticipant(this Interactions.InteractionDetails details) =>
        Erasing.Value is { } id
            ? details with { TheirParticipants = [.. details.TheirParticipants.Select(p => p.StakeholderId == id ? p with { Name = ErasedName } : p)] }
            : details;

    /// <summary>Registers how each event type that can hold a stakeholder's personal data is masked.</summary>
    public static StoreOptions AddStakeholderMasking(this StoreOptions options)
    {
        // Interactions copy their participants' names; notes about a person are free text about them.
        options.Events.AddMaskingRuleForProtectedInformation<Interactions.InteractionRecorded>(e => e with { Details = e.Details.EraseParticipant() });
        options.Events.AddMaskingRuleForProtectedInformation<Interactions.InteractionCorrected>(e =>
            e with { Details = e.Details.EraseParticipant(), Previous = e.Previous.EraseParticipant() });
        options.Events.AddMaskingRuleForProtectedInformation<Interactions.InteractionRetracted>(e => e with { Details = e.Details.EraseParticipant() });
        options.Events.AddMaskingRuleForProtectedInformation<Interactions.NoteRecorded>(e => e with { Text = Erased });
        options.Events.AddMaskingRuleForProtectedInformation<StakeholderAdded>(e => e with { Profile = e.Profile.Erase() });
        options.Events.AddMaskingRuleForProtectedInformation<StakeholderChanged>(e => e with { Profile = e.Profile.Erase(), Reason = Erased });
        options.Events.AddMaskingRuleForProtectedInformation<StakeholderLeftCustomer>(e => e with { Reason = EraseNote(e.Reason) });
        options.Events.AddMaskingRuleForProtectedInformation<RelationshipLinkEnded>(e => e with { Reason = EraseNote(e.Reason) });
        return options;
    }

    /// <summary>Which stored events an erasure of <paramref name="stakeholderId"/> rewrites (those with a rule above).</summary>
    public static bool IsAbout(IEvent e, Guid stakeholderId) => e.Data is IStakeholderFact fact && fact.StakeholderId == stakeholderId;

    /// <summary>After an erasure no new note about the person is taken: it would bring back what was erased.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails NoNoteAboutErased(StakeholderState? stakeholder, string? note, string field) =>
        stakeholder is { Erased: true } && note is not null
            ? Domain.Problems.Rule("stakeholder-erased", $"The stakeholder's personal data was erased; '{field}' would record a note about them. Leave it out.")
            : Domain.Problems.None;

    /// <summary>The values an erasure removes from the current profile: an erasure's reason must not repeat them.</summary>
    public static IEnumerable<string> IdentifyingValues(StakeholderProfile profile) =>
        new[] { profile.Name, profile.Email, profile.Phone }.OfType<string>().Where(v => v.Trim().Length >= 3);
}
