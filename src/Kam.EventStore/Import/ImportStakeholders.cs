using Kam.EventStore.Relationships;

namespace Kam.EventStore.Import;

/// <summary>
/// Reads contacts.csv: each contact becomes a stakeholder of their account from the date the CRM knew them, and leaves
/// the customer on the date they left.
/// </summary>
public static class ImportStakeholders
{
    public static readonly string[] RequiredColumns = ["contact_id", "account_id", "name", "title", "department", "level", "buying_role", "stance", "since"];
    public static readonly string[] OptionalColumns = ["email", "phone", "left_on", "left_reason"];

    /// <summary>Adds each contact to its account; rows naming no account of the export go to <paramref name="orphans"/>.</summary>
    public static void Plan(
        IReadOnlyList<CrmRow> rows, IReadOnlyDictionary<string, AccountPlan> accounts, string by, DateTimeOffset now, List<ImportProblem> orphans)
    {
        var seen = new Dictionary<string, CrmRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var contactId = row.Id("contact_id");
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

            if (contactId is not null && !seen.TryAdd(contactId, row))
            {
                row.Problem("contact_id", $"{contactId} is listed twice (first on line {seen[contactId].Line}).");
            }
            else if (contactId is not null)
            {
                account.ListedContacts.Add(contactId);
            }

            var level = row.Enum<OrganisationLevel>("level", required: true);
            var buyingRole = row.Enum<BuyingRole>("buying_role", required: true);
            var stance = row.Enum<Stance>("stance", required: true);
            var since = row.Date("since", required: true);
            var leftOn = row.Date("left_on", required: false);
            var errors = new FieldErrors()
                .Required("name", row["name"])
                .Required("title", row["title"])
                .Required("department", row["department"])
                .Optional("email", row["email"])
                .Optional("phone", row["phone"], 50)
                .Optional("left_reason", row["left_reason"], FieldErrors.LongText)
                .NotInFuture("since", since, now)
                .NotInFuture("left_on", leftOn, now);
            if (row["email"] is { } email && !email.Contains('@', StringComparison.Ordinal))
            {
                errors.Add("email", "Must be an e-mail address.");
            }

            if (leftOn < since)
            {
                errors.Add("left_on", "Must not be before since.");
            }

            if (leftOn is null && row["left_reason"] is not null)
            {
                errors.Add("left_reason", "Given without left_on.");
            }

            row.Report(errors);
            account.NotAfterEnd(row, "since", since);
            account.NotAfterEnd(row, "left_on", leftOn);
            if (!account.Take(row) || contactId is null)
            {
                continue;
            }

            var profile = new StakeholderProfile(row["name"]!, row["title"]!, row["department"]!, level!.Value, buyingRole!.Value,
                stance!.Value, row["email"], row["phone"]);
            var stakeholder = new StakeholderPlan(ImportIds.Stakeholder(contactId), profile, since!.Value, leftOn, row);
            account.Stakeholders[contactId] = stakeholder;
            account.Add(stakeholder.Since, FactOrder.StakeholderAdded, new StakeholderAdded(account.AccountId, stakeholder.StakeholderId,
                profile, stakeholder.Since, BusinessTime.StartOf(stakeholder.Since), by));
            if (leftOn is { } left)
            {
                account.Add(left, FactOrder.StakeholderLeft, new StakeholderLeftCustomer(account.AccountId, stakeholder.StakeholderId, left,
                    row["left_reason"], BusinessTime.StartOf(left), by));
            }
        }
    }
}
