using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Interactions;

/// <summary>Something disclosed or handed over, as a command gives it.</summary>
public sealed record DisclosureInput
{
    /// <summary>What was disclosed or handed over.</summary>
    /// <example>Price list 2027 sent</example>
    public string What { get; init; } = "";

    /// <summary>The stakeholders it went to, among <c>theirParticipants</c>; omit or leave empty when it went to all of them.</summary>
    public IReadOnlyList<Guid>? To { get; init; }

    /// <summary>True when disclosed under a non-disclosure agreement.</summary>
    public bool UnderNda { get; init; }
}

/// <summary>A follow-up action, as a command gives it.</summary>
public sealed record FollowUpInput
{
    /// <summary>What is to be done.</summary>
    /// <example>Send the revised delivery schedule</example>
    public string Action { get; init; } = "";

    /// <summary>Who of ours owns it (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OwnerPersonId { get; init; } = "";

    /// <summary>When it is due; not before the interaction.</summary>
    /// <example>2026-11-15</example>
    public DateOnly? DueOn { get; init; }
}

/// <summary>An interaction's record as a command would leave it, before it is checked and turned into <see cref="InteractionDetails"/>.</summary>
public sealed record InteractionDraft(
    DateTimeOffset HappenedAt,
    InteractionKind? Kind,
    InteractionChannel? Channel,
    int? DurationMinutes,
    string? Subject,
    string? Summary,
    IReadOnlyList<string>? OurParticipants,
    IReadOnlyList<Guid>? TheirParticipants,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<DisclosureInput>? Disclosures,
    IReadOnlyList<FollowUpInput>? FollowUps)
{
    public DateOnly Date => DateOnly.FromDateTime(HappenedAt.UtcDateTime);
}

/// <summary>
/// The account an interaction or note is recorded on, loaded once per request: its write model (does it exist, is it still
/// a key account) and its role history (who its stakeholders are and were, on any date).
/// </summary>
public sealed record AccountOnRecord(KeyAccount? Account, AccountRoles? Roles)
{
    public static async Task<AccountOnRecord> LoadAsync(IQuerySession session, Guid accountId, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<KeyAccount>(accountId);
        var roles = batch.Load<AccountRoles>(accountId);
        await batch.Execute(cancellation);
        return new AccountOnRecord(await account, await roles);
    }

    /// <summary>404 for an unknown account, 409 once its designation has ended (its history is closed), else none.</summary>
    public ProblemDetails CheckOpen(Guid accountId) => Account switch
    {
        null => Problems.NotFound("Key account", accountId),
        { DesignationEnded: true } => Problems.Conflict("designation-ended", $"Key account {accountId} is no longer a key account; its history is closed."),
        _ => Problems.None,
    };
}

/// <summary>The rules every recorded or corrected interaction follows.</summary>
public static class InteractionRules
{
    public const int MaxDurationMinutes = 7 * 24 * 60;
    public const int MaxOurParticipants = 20;
    public const int MaxTheirParticipants = 50;
    public const int MaxItems = 20;

    /// <summary>Field rules (400): each named by its JSON path.</summary>
    public static FieldErrors CheckFields(FieldErrors errors, InteractionDraft draft, DateTimeOffset now)
    {
        errors.NotInFuture("happenedAt", draft.HappenedAt, now)
            .Defined("kind", draft.Kind)
            .Defined("channel", draft.Channel)
            .Required("subject", draft.Subject)
            .Required("summary", draft.Summary, FieldErrors.LongText)
            .Texts("topics", draft.Topics, required: false, MaxItems);
        if (draft.Kind is null)
        {
            errors.Add("kind", "Required.");
        }

        if (draft.Channel is null)
        {
            errors.Add("channel", "Required.");
        }

        if (draft.DurationMinutes is < 1 or > MaxDurationMinutes)
        {
            errors.Add("durationMinutes", $"Must be between 1 and {MaxDurationMinutes} minutes when given.");
        }

        var ours = draft.OurParticipants ?? [];
        if (ours.Count == 0)
        {
            errors.Add("ourParticipants", "Required; name at least one of our people who took part.");
        }
        else if (ours.Count > MaxOurParticipants)
        {
            errors.Add("ourParticipants", $"At most {MaxOurParticipants} people.");
        }

        for (var i = 0; i < ours.Count; i++)
        {
            errors.PersonId($"ourParticipants[{i}]", ours[i], required: true);
        }

        if (ours.Where(p => p is not null && PersonIds.IsWellFormed(p)).GroupBy(PersonIds.Normalize).Any(g => g.Count() > 1))
        {
            errors.Add("ourParticipants", "Name each person once.");
        }

        var theirs = draft.TheirParticipants ?? [];
        if (theirs.Count > MaxTheirParticipants)
        {
            errors.Add("theirParticipants", $"At most {MaxTheirParticipants} stakeholders.");
        }

        for (var i = 0; i < theirs.Count; i++)
        {
            if (theirs[i] == Guid.Empty)
            {
                errors.Add($"theirParticipants[{i}]", "Must be a stakeholder id.");
            }
        }

        if (theirs.Distinct().Count() < theirs.Count)
        {
            errors.Add("theirParticipants", "Name each stakeholder once.");
        }

        var disclosures = draft.Disclosures ?? [];
        if (disclosures.Count > MaxItems)
        {
            errors.Add("disclosures", $"At most {MaxItems} items.");
        }

        for (var i = 0; i < disclosures.Count; i++)
        {
            var disclosure = disclosures[i];
            if (disclosure is null)
            {
                errors.Add($"disclosures[{i}]", "Required.");
                continue;
            }

            errors.Required($"disclosures[{i}].what", disclosure.What, FieldErrors.ShortText);
            var to = disclosure.To ?? [];
            for (var j = 0; j < to.Count; j++)
            {
                if (!theirs.Contains(to[j]))
                {
                    errors.Add($"disclosures[{i}].to[{j}]", "Must be one of theirParticipants: what was disclosed went to someone who took part.");
                }
            }
        }

        var followUps = draft.FollowUps ?? [];
        if (followUps.Count > MaxItems)
        {
            errors.Add("followUps", $"At most {MaxItems} items.");
        }

        for (var i = 0; i < followUps.Count; i++)
        {
            var followUp = followUps[i];
            if (followUp is null)
            {
                errors.Add($"followUps[{i}]", "Required.");
                continue;
            }

            errors.Required($"followUps[{i}].action", followUp.Action, FieldErrors.ShortText)
                .PersonId($"followUps[{i}].ownerPersonId", followUp.OwnerPersonId, required: true);
            if (followUp.DueOn is null)
            {
                errors.Add($"followUps[{i}].dueOn", "Required.");
            }
            else if (followUp.DueOn < draft.Date)
            {
                errors.Add($"followUps[{i}].dueOn", "Must not be before the interaction.");
            }
        }

        return errors;
    }

    /// <summary>
    /// Business rules against the account and the people directory (422): every stakeholder taking part is one of this
    /// account's and had not left the customer before the interaction; every one of our people (participants and
    /// follow-up owners) is in the directory and had not left us by then.
    /// </summary>
    public static async Task<ProblemDetails> CheckParticipants(
        InteractionDraft draft, AccountRoles roles, IQuerySession session, CancellationToken cancellation)
    {
        foreach (var id in draft.TheirParticipants ?? [])
        {
            var terms = roles.Stakeholders.Where(s => s.StakeholderId == id).ToList();
            if (terms.Count == 0)
            {
                return Problems.Rule("unknown-stakeholder", $"theirParticipants: {id} is not a stakeholder of this account.");
            }

            if (terms[^1] is { Left: true, To: { } left } && left < draft.Date)
            {
                return Problems.Rule("stakeholder-left",
                    $"theirParticipants: {terms[^1].Profile.Name} ({id}) left the customer on {left:yyyy-MM-dd}, before the interaction on {draft.Date:yyyy-MM-dd}.");
            }
        }

        var ours = await PeopleDirectory.Known(session, "ourParticipants", draft.OurParticipants ?? [], draft.Date, cancellation);
        return Problems.Found(ours)
            ? ours
            : await PeopleDirectory.Known(session, "followUps", (draft.FollowUps ?? []).Select(f => f.OwnerPersonId), draft.Date, cancellation);
    }

    /// <summary>The checked draft as the record keeps it: names normalised, stakeholders as they were on the interaction's date.</summary>
    public static InteractionDetails Details(InteractionDraft draft, AccountRoles roles) => new(
        draft.Kind!.Value,
        draft.Channel!.Value,
        draft.DurationMinutes,
        draft.Subject!.Trim(),
        draft.Summary!.Trim(),
        [.. (draft.OurParticipants ?? []).Select(PersonIds.Normalize)],
        [.. (draft.TheirParticipants ?? []).Select(id => Participant(roles, id, draft.Date))],
        [.. (draft.Topics ?? []).Select(t => t.Trim())],
        [.. (draft.Disclosures ?? []).Select(d => new Disclosure(d.What.Trim(), d.To ?? [], d.UnderNda))],
        [.. (draft.FollowUps ?? []).Select(f => new FollowUp(f.Action.Trim(), PersonIds.Normalize(f.OwnerPersonId), f.DueOn!.Value))]);

    /// <summary>The draft a correction starts from: the record as it reads now.</summary>
    public static InteractionDraft DraftOf(DateTimeOffset happenedAt, InteractionDetails details) => new(
        happenedAt,
        details.Kind,
        details.Channel,
        details.DurationMinutes,
        details.Subject,
        details.Summary,
        details.OurParticipants,
        [.. details.TheirParticipants.Select(p => p.StakeholderId)],
        details.Topics,
        [.. details.Disclosures.Select(d => new DisclosureInput { What = d.What, To = d.To, UnderNda = d.UnderNda })],
        [.. details.FollowUps.Select(f => new FollowUpInput { Action = f.Action, OwnerPersonId = f.OwnerPersonId, DueOn = f.DueOn })]);

    /// <summary>True when two readings say the same (lists compared item by item).</summary>
    public static bool Same(DateTimeOffset happenedAtA, InteractionDetails a, DateTimeOffset happenedAtB, InteractionDetails b) =>
        happenedAtA == happenedAtB
        && a with { OurParticipants = [], TheirParticipants = [], Topics = [], Disclosures = [], FollowUps = [] }
            == b with { OurParticipants = [], TheirParticipants = [], Topics = [], Disclosures = [], FollowUps = [] }
        && a.OurParticipants.SequenceEqual(b.OurParticipants)
        && a.TheirParticipants.SequenceEqual(b.TheirParticipants)
        && a.Topics.SequenceEqual(b.Topics)
        && a.Disclosures.Select(d => (d.What, string.Join(',', d.To), d.UnderNda)).SequenceEqual(b.Disclosures.Select(d => (d.What, string.Join(',', d.To), d.UnderNda)))
        && a.FollowUps.SequenceEqual(b.FollowUps);

    // The profile in force on the date; before the stakeholder was first recorded, the first profile; after, the last.
    private static StakeholderParticipant Participant(AccountRoles roles, Guid id, DateOnly on)
    {
        var terms = roles.Stakeholders.Where(s => s.StakeholderId == id).ToList();
        var term = terms.FirstOrDefault(t => t.HoldsOn(on)) ?? (on < terms[0].From ? terms[0] : terms[^1]);
        return new StakeholderParticipant(id, term.Profile.Name, term.Profile.Level);
    }
}
