using Kam.EventStore.Interactions;
using Kam.EventStore.People;

namespace Kam.EventStore.Import;

/// <summary>
/// Reads activities.csv: each CRM activity (meeting, call, e-mail...) becomes an interaction recorded as having happened
/// at its original time, with our people and the customer's contacts who took part, checked as the API checks them.
/// </summary>
public static class ImportInteractions
{
    public static readonly string[] RequiredColumns = ["activity_id", "account_id", "kind", "channel", "happened_at", "subject", "summary", "our_participants"];
    public static readonly string[] OptionalColumns = ["duration_minutes", "their_participants", "topics"];

    public static void Plan(
        IReadOnlyList<CrmRow> rows, IReadOnlyDictionary<string, AccountPlan> accounts, PeopleOnRecord people, string by, DateTimeOffset now,
        List<ImportProblem> orphans)
    {
        var seen = new Dictionary<string, CrmRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var activityId = row.Id("activity_id");
            var crmAccountId = row.Id("account_id");
            if (crmAccountId is null || !accounts.TryGetValue(crmAccountId, out var account))
            {
                if (crmAccountId is not null)
                {
                    row.Problem("account_id", $"No account {crmAccountId} in {CrmFiles.Accounts}.");
                }

                orphans.AddRange(row.Problems);
                continue;
            }

            if (activityId is not null && !seen.TryAdd(activityId, row))
            {
                row.Problem("activity_id", $"{activityId} is listed twice (first on line {seen[activityId].Line}).");
            }

            var kind = row.Enum<InteractionKind>("kind", required: true);
            var channel = row.Enum<InteractionChannel>("channel", required: true);
            var happenedAt = row.Time("happened_at", required: true);
            var duration = row.WholeNumber("duration_minutes", required: false);
            var ours = row.List("our_participants");
            var theirs = row.List("their_participants");
            var topics = row.List("topics");
            var errors = new FieldErrors()
                .Required("subject", row["subject"])
                .Required("summary", row["summary"], FieldErrors.LongText)
                .Texts("topics", topics, required: false, InteractionRules.MaxItems)
                .NotInFuture("happened_at", happenedAt, now);
            if (duration is < 1 or > InteractionRules.MaxDurationMinutes)
            {
                errors.Add("duration_minutes", $"Must be between 1 and {InteractionRules.MaxDurationMinutes} minutes when given.");
            }

            row.Report(errors);
            var date = happenedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null;
            var ourIds = OurPeople(row, ours, date, people);
            var participants = TheirPeople(row, theirs, date, account);
            account.NotAfterEnd(row, "happened_at", date);
            if (!account.Take(row) || activityId is null)
            {
                continue;
            }

            var details = new InteractionDetails(kind!.Value, channel!.Value, duration, row["subject"]!, row["summary"]!, ourIds, participants,
                topics, [], []);
            // The same instant in UTC: the record's happened_at column, like every timestamp column, holds UTC only.
            account.Interactions.Add(new InteractionRecorded(ImportIds.Interaction(activityId), account.AccountId, details,
                happenedAt!.Value.ToUniversalTime(), by));
        }
    }

    private static List<string> OurPeople(CrmRow row, IReadOnlyList<string> ours, DateOnly? date, PeopleOnRecord people)
    {
        if (ours.Count == 0)
        {
            row.Problem("our_participants", "Required; name at least one of our people who took part.");
        }
        else if (ours.Count > InteractionRules.MaxOurParticipants)
        {
            row.Problem("our_participants", $"At most {InteractionRules.MaxOurParticipants} people.");
        }

        var ids = new List<string>();
        foreach (var person in ours)
        {
            if (!PersonIds.IsWellFormed(person))
            {
                row.Problem("our_participants", $"'{person}' is not an employee id or e-mail address.");
                continue;
            }

            var id = PersonIds.Normalize(person);
            if (ids.Contains(id))
            {
                row.Problem("our_participants", $"{id} is named twice.");
            }
            else if (date is { } on && people.Check(id, on) is { } problem)
            {
                row.Problem("our_participants", problem);
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Their participants are contacts of the same account who had not left the customer before the interaction.</summary>
    private static List<StakeholderParticipant> TheirPeople(CrmRow row, IReadOnlyList<string> theirs, DateOnly? date, AccountPlan account)
    {
        if (theirs.Count > InteractionRules.MaxTheirParticipants)
        {
            row.Problem("their_participants", $"At most {InteractionRules.MaxTheirParticipants} stakeholders.");
        }

        var participants = new List<StakeholderParticipant>();
        foreach (var contactId in theirs)
        {
            if (!account.Stakeholders.TryGetValue(contactId, out var stakeholder))
            {
                if (!account.ListedContacts.Contains(contactId))
                {
                    row.Problem("their_participants", $"{contactId} is not a contact of account {account.CrmId} in {CrmFiles.Contacts}.");
                }
            }
            else if (participants.Any(p => p.StakeholderId == stakeholder.StakeholderId))
            {
                row.Problem("their_participants", $"{contactId} is named twice.");
            }
            else if (date is { } on && stakeholder.LeftOn is { } left && left < on)
            {
                row.Problem("their_participants", $"{contactId} left the customer on {left:yyyy-MM-dd}, before the interaction.");
            }
            else
            {
                participants.Add(new StakeholderParticipant(stakeholder.StakeholderId, stakeholder.Profile.Name, stakeholder.Profile.Level));
            }
        }

        return participants;
    }
}
