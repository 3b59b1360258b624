using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Import;

/// <summary>
/// Everything the export says about one account, as the events the service would have recorded: the account stream
/// (designation first, then every dated fact in business-date order) and one stream per interaction. It is appended in
/// one transaction or not at all.
/// </summary>
public sealed class AccountPlan(CrmRow row, string crmId)
{
    public CrmRow Row { get; } = row;

    public string CrmId { get; } = crmId;

    public Guid AccountId { get; } = ImportIds.Account(crmId);

    public KeyAccountDesignated? Designation { get; set; }

    public DateOnly DesignatedOn => Designation?.DesignatedOn ?? DateOnly.MinValue;

    /// <summary>The end of the designation: no fact of the account may be dated after it.</summary>
    public DateOnly? EndedOn { get; set; }

    /// <summary>The customer's stakeholders by CRM contact id.</summary>
    public Dictionary<string, StakeholderPlan> Stakeholders { get; } = new(StringComparer.Ordinal);

    /// <summary>Every contact id contacts.csv lists for the account, importable or not (a bad row is reported once, on its line).</summary>
    public HashSet<string> ListedContacts { get; } = new(StringComparer.Ordinal);

    public List<InteractionRecorded> Interactions { get; } = [];

    /// <summary>Problems of every row about the account, in any file: one is enough to leave the whole account out.</summary>
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>The account's stream already exists: imported by an earlier run, so nothing is appended again.</summary>
    public bool AlreadyImported { get; set; }

    public bool Valid => Problems.Count == 0;

    public int EventCount => 1 + _facts.Count + Interactions.Count;

    private readonly List<(DateOnly On, int Order, int Seq, IAccountEvent Event)> _facts = [];

    /// <summary>A fact of the account stream effective on <paramref name="on"/>; <paramref name="order"/> breaks ties on one date.</summary>
    public void Add(DateOnly on, FactOrder order, IAccountEvent fact) => _facts.Add((on, (int)order, _facts.Count, fact));

    /// <summary>The account stream: the designation, then the facts by business date (the order they happened in).</summary>
    public IEnumerable<IAccountEvent> StreamEvents() =>
        [Designation!, .. _facts.OrderBy(f => f.On).ThenBy(f => f.Order).ThenBy(f => f.Seq).Select(f => f.Event)];

    /// <summary>Takes the problems of a row about this account; true when it had none.</summary>
    public bool Take(CrmRow row)
    {
        Problems.AddRange(row.Problems);
        return row.Valid;
    }

    /// <summary>A problem found across rows (an overlap of two periods), reported at <paramref name="row"/>.</summary>
    public void Problem(CrmRow row, string column, string message) => Problems.Add(new ImportProblem(row.File, row.Line, column, message));

    /// <summary>A fact after the designation ended is refused, as the API refuses changes to a closed history.</summary>
    public void NotAfterEnd(CrmRow row, string column, DateOnly? on)
    {
        if (on is { } date && EndedOn is { } ended && date > ended)
        {
            row.Problem(column, $"{date:yyyy-MM-dd} is after the key-account designation ended ({ended:yyyy-MM-dd}, {Row.File}:{Row.Line}).");
        }
    }
}

/// <summary>How facts of the same business date are ordered on the account stream: a KAM leaves before the next one starts.</summary>
public enum FactOrder
{
    ManagerLeft,
    ManagerArrived,
    StakeholderAdded,
    StakeholderLeft,
    StatusChanged,
    DesignationEnded,
}

/// <summary>A customer stakeholder (contacts.csv) as the account knows them.</summary>
public sealed record StakeholderPlan(Guid StakeholderId, StakeholderProfile Profile, DateOnly Since, DateOnly? LeftOn, CrmRow Row);

/// <summary>
/// Reads accounts.csv: each account becomes a key-account designation with its original date, plus its current health
/// when it is not Active and the end of its designation when it ended.
/// </summary>
public static class ImportAccounts
{
    public static readonly string[] RequiredColumns =
        ["account_id", "name", "registry_id", "segment", "tier", "criteria", "designated_on", "revenue_budget", "currency"];

    public static readonly string[] OptionalColumns = ["status", "status_since", "status_reason", "ended_on", "end_reason"];

    public static Dictionary<string, AccountPlan> Plan(IReadOnlyList<CrmRow> rows, string by, DateTimeOffset now)
    {
        var accounts = new Dictionary<string, AccountPlan>(StringComparer.Ordinal);
        var registry = new Dictionary<string, CrmRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var crmId = row.Id("account_id");
            if (crmId is null)
            {
                continue;
            }

            if (accounts.TryGetValue(crmId, out var first))
            {
                // The first row stays the account's; this one is a problem of the same account, so neither is half-imported.
                row.Problem("account_id", $"{crmId} is listed twice (first on line {first.Row.Line}).");
                first.Take(row);
                continue;
            }

            var account = accounts[crmId] = new AccountPlan(row, crmId);
            Designate(account, row, by, now, registry);
            account.Take(row);
        }

        return accounts;
    }

    private static void Designate(AccountPlan account, CrmRow row, string by, DateTimeOffset now, Dictionary<string, CrmRow> registry)
    {
        var criteria = row.List("criteria");
        var budget = row.Amount("revenue_budget", required: true);
        var money = budget is { } amount ? new Money(amount, row["currency"] ?? "") : null;
        var errors = new FieldErrors()
            .Required("name", row["name"])
            .Required("registry_id", row["registry_id"], 50)
            .Required("segment", row["segment"])
            .Texts("criteria", criteria, required: true)
            .Optional("status_reason", row["status_reason"], FieldErrors.LongText)
            .Optional("end_reason", row["end_reason"], FieldErrors.LongText);
        if (money is not null)
        {
            errors.Money("revenue_budget", money, required: true);
        }

        var tier = row.Enum<AccountTier>("tier", required: true);
        var designatedOn = row.Date("designated_on", required: true);
        var status = row.Enum<AccountHealth>("status", required: false);
        var statusSince = row.Date("status_since", required: status is not null and not AccountHealth.Active);
        var endedOn = row.Date("ended_on", required: false);
        errors.NotInFuture("designated_on", designatedOn, now).NotInFuture("status_since", statusSince, now).NotInFuture("ended_on", endedOn, now);
        if (statusSince < designatedOn)
        {
            errors.Add("status_since", "Must not be before designated_on.");
        }

        if (endedOn < designatedOn || endedOn < statusSince)
        {
            errors.Add("ended_on", "Must not be before designated_on or status_since.");
        }

        if (endedOn is null && row["end_reason"] is not null)
        {
            errors.Add("end_reason", "Given without ended_on.");
        }

        var registryId = row["registry_id"];
        if (registryId is not null)
        {
            var key = RegistryIds.Normalize(registryId);
            if (key.Length == 0)
            {
                errors.Add("registry_id", "Must contain letters or digits.");
            }
            else if (registry.TryGetValue(key, out var holder))
            {
                errors.Add("registry_id", $"'{registryId}' is also the registry id of {holder["account_id"]} (line {holder.Line}).");
            }
            else
            {
                registry[key] = row;
            }
        }

        // Column names rather than JSON paths: revenueBudget.amount is the revenue_budget column, the currency its own column.
        row.Report(errors, field => field switch
        {
            "revenue_budget.currency" => "currency",
            "revenue_budget.amount" => "revenue_budget",
            _ => field,
        });
        if (!row.Valid)
        {
            return;
        }

        var designated = designatedOn!.Value;
        account.Designation = new KeyAccountDesignated(account.AccountId, row["name"]!, registryId!, row["segment"]!, tier!.Value,
            criteria, designated, money!, BusinessTime.StartOf(designated), by);
        if (status is { } health and not AccountHealth.Active)
        {
            var since = statusSince!.Value;
            account.Add(since, FactOrder.StatusChanged, new AccountStatusChanged(account.AccountId, AccountHealth.Active, health,
                row["status_reason"] ?? $"Status {health} in the CRM export.", BusinessTime.StartOf(since), by));
        }

        if (endedOn is { } ended)
        {
            account.EndedOn = ended;
            account.Add(ended, FactOrder.DesignationEnded, new KeyAccountDesignationEnded(account.AccountId, ended,
                row["end_reason"] ?? "Ended in the CRM export.", BusinessTime.StartOf(ended), by));
        }
    }
}
