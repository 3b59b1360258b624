using Kam.EventStore.People;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Import;

/// <summary>
/// Reads owners.csv, the history of each account's key account manager (KAM): one row per person and period,
/// <c>from</c> the first day they held the account, <c>to</c> the first day they no longer did (empty while they still do).
/// Consecutive periods become an assignment, handovers (a period that starts the day the previous one ends) and vacancies
/// (a gap, or an end with nobody after).
/// </summary>
public static class ImportAccountManagers
{
    public static readonly string[] RequiredColumns = ["account_id", "person_id", "from"];
    public static readonly string[] OptionalColumns = ["to", "note"];

    private sealed record Term(CrmRow Row, string PersonId, DateOnly From, DateOnly? To, string? Note);

    public static void Plan(
        IReadOnlyList<CrmRow> rows, IReadOnlyDictionary<string, AccountPlan> accounts, PeopleOnRecord people, string by, DateTimeOffset now,
        List<ImportProblem> orphans)
    {
        var terms = new Dictionary<AccountPlan, List<Term>>();
        foreach (var row in rows)
        {
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

            var personId = row.Id("person_id");
            var from = row.Date("from", required: true);
            var to = row.Date("to", required: false);
            var errors = new Domain.FieldErrors()
                .Optional("note", row["note"], Domain.FieldErrors.LongText)
                .NotInFuture("from", from, now)
                .NotInFuture("to", to, now);
            if (to <= from)
            {
                errors.Add("to", "Must be after from (to is the first day without this KAM).");
            }

            row.Report(errors);
            if (personId is not null && !PersonIds.IsWellFormed(personId))
            {
                row.Problem("person_id", "Must be an employee id or e-mail address.");
            }
            else if (personId is not null && from is { } start && people.Check(personId, start) is { } problem)
            {
                row.Problem("person_id", problem);
            }

            account.NotAfterEnd(row, "from", from);
            account.NotAfterEnd(row, "to", to);
            if (account.Take(row))
            {
                (terms.TryGetValue(account, out var list) ? list : terms[account] = []).Add(new Term(row, PersonIds.Normalize(personId!), from!.Value, to, row["note"]));
            }
        }

        foreach (var (account, list) in terms)
        {
            Sequence(account, [.. list.OrderBy(t => t.From)], by);
        }
    }

    private static void Sequence(AccountPlan account, List<Term> terms, string by)
    {
        for (var i = 1; i < terms.Count; i++)
        {
            var (previous, term) = (terms[i - 1], terms[i]);
            if (previous.To is not { } end || end > term.From)
            {
                account.Problem(term.Row, "from", $"Overlaps the period of {previous.PersonId} from {previous.From:yyyy-MM-dd} (line {previous.Row.Line}): one KAM at a time.");
            }
            else if (end == term.From && previous.PersonId == term.PersonId)
            {
                account.Problem(term.Row, "from", $"Continues {previous.PersonId}'s period (line {previous.Row.Line}) without a change of KAM: list it as one period.");
            }
        }

        if (!account.Valid)
        {
            return;
        }

        Term? current = null;
        foreach (var term in terms)
        {
            if (current is not null && current.To == term.From)
            {
                account.Add(term.From, FactOrder.ManagerArrived, new AccountManagerHandedOver(account.AccountId, current.PersonId, term.PersonId,
                    term.From, term.Note ?? "Handed over (CRM import).", Business(term.From), by));
            }
            else
            {
                if (current?.To is { } vacantFrom)
                {
                    account.Add(vacantFrom, FactOrder.ManagerLeft, Vacated(account, current, vacantFrom, by));
                }

                account.Add(term.From, FactOrder.ManagerArrived, new AccountManagerAssigned(account.AccountId, term.PersonId, term.From, term.Note,
                    Business(term.From), by));
            }

            current = term;
        }

        if (current?.To is { } lastEnd)
        {
            account.Add(lastEnd, FactOrder.ManagerLeft, Vacated(account, current, lastEnd, by));
        }
    }

    private static AccountManagerPositionVacated Vacated(AccountPlan account, Term term, DateOnly on, string by) =>
        new(account.AccountId, term.PersonId, on, "Left the account (CRM import).", Business(on), by);

    private static DateTimeOffset Business(DateOnly date) => BusinessTime.StartOf(date);
}
