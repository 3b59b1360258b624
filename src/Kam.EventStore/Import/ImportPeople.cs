using Kam.EventStore.People;

namespace Kam.EventStore.Import;

/// <summary>One of our people as the export has them (people.csv): their registration and, when they left, their departure.</summary>
public sealed class PersonPlan(CrmRow row, string personId)
{
    public CrmRow Row { get; } = row;

    /// <summary>Normalised person id (employee id or e-mail).</summary>
    public string PersonId { get; } = personId;

    public List<IPersonEvent> Events { get; } = [];

    public DateOnly RegisteredOn { get; set; }

    public DateOnly? LeftOn { get; set; }

    public string? ManagerPersonId { get; set; }

    /// <summary>Already in the directory: nothing of theirs is appended again.</summary>
    public bool AlreadyRegistered { get; set; }

    public bool Valid => Row.Valid;
}

/// <summary>Reads people.csv: our own people (users, account owners) become registered people, with their departure when they left.</summary>
public static class ImportPeople
{
    public static readonly string[] RequiredColumns = ["person_id", "name", "title", "org_unit", "seniority", "registered_on"];
    public static readonly string[] OptionalColumns = ["manager_person_id", "left_on", "left_reason"];

    public static Dictionary<string, PersonPlan> Plan(IReadOnlyList<CrmRow> rows, string by, DateTimeOffset now)
    {
        var people = new Dictionary<string, PersonPlan>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var rawId = row.Id("person_id");
            if (rawId is null)
            {
                continue;
            }

            if (!PersonIds.IsWellFormed(rawId))
            {
                row.Problem("person_id", $"Must be an employee id or e-mail address: letters, digits and . _ - + @, at most {PersonIds.MaxLength} characters.");
                continue;
            }

            var id = PersonIds.Normalize(rawId);
            if (people.TryGetValue(id, out var first))
            {
                row.Problem("person_id", $"{id} is listed twice (first on line {first.Row.Line}).");
                continue;
            }

            var person = people[id] = new PersonPlan(row, id);
            var errors = new FieldErrors()
                .Required("name", row["name"])
                .Required("title", row["title"])
                .Required("org_unit", row["org_unit"])
                .Optional("left_reason", row["left_reason"], FieldErrors.LongText);
            var seniority = row.Enum<Seniority>("seniority", required: true);
            var registeredOn = row.Date("registered_on", required: true);
            var leftOn = row.Date("left_on", required: false);
            errors.NotInFuture("registered_on", registeredOn, now).NotInFuture("left_on", leftOn, now);
            if (leftOn < registeredOn)
            {
                errors.Add("left_on", "Must not be before registered_on.");
            }

            var manager = row["manager_person_id"];
            if (manager is not null && !PersonIds.IsWellFormed(manager))
            {
                errors.Add("manager_person_id", "Must be an employee id or e-mail address.");
            }
            else if (manager is not null && PersonIds.Normalize(manager) == id)
            {
                errors.Add("manager_person_id", "A person cannot be their own manager.");
            }

            row.Report(errors);
            if (!row.Valid)
            {
                continue;
            }

            person.ManagerPersonId = manager is null ? null : PersonIds.Normalize(manager);
            person.RegisteredOn = registeredOn!.Value;
            person.LeftOn = leftOn;
            person.Events.Add(new PersonRegistered(id, row["name"]!, row["title"]!, row["org_unit"]!, seniority!.Value,
                person.ManagerPersonId, BusinessTime.StartOf(registeredOn!.Value), by));
            if (leftOn is { } left)
            {
                person.Events.Add(new PersonLeftCompany(id, left, row["left_reason"], BusinessTime.StartOf(left), by));
            }
        }

        return people;
    }
}

/// <summary>
/// Who the import may name as one of our people: those registered by this import (valid rows of people.csv) and those
/// already in the directory. The same rules as the API: a person must be known, and may not take up a role or take part
/// in an interaction after their last day.
/// </summary>
public sealed class PeopleOnRecord(IReadOnlyDictionary<string, PersonPlan> planned, IReadOnlyDictionary<string, Person> registered)
{
    /// <summary>Null when <paramref name="personId"/> may act on <paramref name="on"/>, else why not.</summary>
    public string? Check(string personId, DateOnly on)
    {
        var id = PersonIds.Normalize(personId);
        DateOnly? leftOn;
        if (registered.TryGetValue(id, out var person))
        {
            leftOn = person.LeftOn;
        }
        else if (planned.TryGetValue(id, out var plan))
        {
            if (!plan.Valid)
            {
                return $"{id} is not importable (see {plan.Row.File}:{plan.Row.Line}).";
            }

            leftOn = plan.LeftOn;
        }
        else
        {
            return $"{id} is neither in {CrmFiles.People} nor in the people directory.";
        }

        return leftOn is { } left && on > left ? $"{id} left the company on {left:yyyy-MM-dd}, before {on:yyyy-MM-dd}." : null;
    }

    /// <summary>
    /// A manager named in people.csv must be known and not have left before the person was registered: a person whose
    /// manager is not is refused, and so in turn is anyone managed by them.
    /// </summary>
    public static void CheckManagers(IReadOnlyDictionary<string, PersonPlan> planned, IReadOnlyDictionary<string, Person> registered)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var person in planned.Values.Where(p => p.Valid && p.ManagerPersonId is not null))
            {
                var manager = person.ManagerPersonId!;
                var problem = registered.TryGetValue(manager, out var known)
                    ? LeftBefore(manager, known.LeftOn, person.RegisteredOn)
                    : planned.TryGetValue(manager, out var plan)
                        ? plan.Valid ? LeftBefore(manager, plan.LeftOn, person.RegisteredOn) : $"The manager '{manager}' is not importable (see {plan.Row.File}:{plan.Row.Line})."
                        : $"The manager '{manager}' is neither in {CrmFiles.People} nor in the people directory.";
                if (problem is not null)
                {
                    person.Row.Problem("manager_person_id", problem);
                    changed = true;
                }
            }
        }
        while (changed);
    }

    private static string? LeftBefore(string manager, DateOnly? leftOn, DateOnly registeredOn) =>
        leftOn is { } left && left < registeredOn
            ? $"The manager '{manager}' left the company on {left:yyyy-MM-dd}, before this person was registered."
            : null;
}
