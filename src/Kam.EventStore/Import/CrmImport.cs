using System.Diagnostics;
using System.Globalization;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Marten;

namespace Kam.EventStore.Import;

/// <summary>How an import runs.</summary>
/// <param name="Folder">The folder holding the export's CSV files.</param>
/// <param name="By">Who the events say recorded them (<c>by</c> and the recorded-by metadata): the import, not a person.</param>
/// <param name="DryRun">Validate and report only; append nothing.</param>
/// <param name="BatchEvents">About how many events one transaction appends (whole accounts only, so never split one).</param>
public sealed record ImportOptions(string Folder, string By = CrmImport.DefaultBy, bool DryRun = false, int BatchEvents = CrmImport.DefaultBatchEvents);

/// <summary>What an import found and did.</summary>
public sealed class ImportReport
{
    /// <summary>Every problem found, by file and line; an account with any is left out whole.</summary>
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>Accounts (or people) whose append failed in the database, with the reason.</summary>
    public List<string> Failures { get; } = [];

    public int PeopleRegistered { get; set; }
    public int PeopleAlreadyRegistered { get; set; }
    public int PeopleRejected { get; set; }
    public int AccountsImported { get; set; }
    public int AccountsAlreadyImported { get; set; }
    public int AccountsRejected { get; set; }
    public long EventsPlanned { get; set; }
    public long EventsAppended { get; set; }
    public TimeSpan AppendTime { get; set; }

    /// <summary>True when every row was imported or had been before.</summary>
    public bool Clean => Problems.Count == 0 && Failures.Count == 0;

    public double EventsPerSecond => AppendTime > TimeSpan.Zero ? EventsAppended / AppendTime.TotalSeconds : 0;
}

/// <summary>
/// Imports the history of key accounts from a CRM export (<see cref="CrmFiles"/>) as the service's own events, dated as the
/// CRM dated them. Everything is read and checked before anything is appended; an account with a problem in any file is
/// left out whole and the others go in, each account (its stream and its interactions) in one transaction. Ids come from
/// the CRM's ids (<see cref="ImportIds"/>), so a second run of the same files finds everything there and appends nothing.
/// Events go through ordinary Marten sessions, batched, so every inline read model is built as the events land.
/// </summary>
public static class CrmImport
{
    public const string DefaultBy = "crm-import";
    public const int DefaultBatchEvents = 2000;

    // Marten turns a LoadMany or IsOneOf into one statement with an array parameter; thousands per statement keep them few.
    private const int LookupChunk = 1000;

    public static async Task<ImportReport> RunAsync(
        IDocumentStore store, ImportOptions options, TimeProvider clock, TextWriter progress, CancellationToken cancellation)
    {
        var report = new ImportReport();
        var started = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var files = new List<ImportProblem>();
        var folder = options.Folder;
        if (!Directory.Exists(folder))
        {
            report.Problems.Add(new ImportProblem(folder, 0, "", "No such folder."));
            return report;
        }

        var peopleRows = CrmFiles.Read(folder, CrmFiles.People, false, ImportPeople.RequiredColumns, ImportPeople.OptionalColumns, files);
        var accountRows = CrmFiles.Read(folder, CrmFiles.Accounts, true, ImportAccounts.RequiredColumns, ImportAccounts.OptionalColumns, files);
        var contactRows = CrmFiles.Read(folder, CrmFiles.Contacts, false, ImportStakeholders.RequiredColumns, ImportStakeholders.OptionalColumns, files);
        var ownerRows = CrmFiles.Read(folder, CrmFiles.Owners, false, ImportAccountManagers.RequiredColumns, ImportAccountManagers.OptionalColumns, files);
        var activityRows = CrmFiles.Read(folder, CrmFiles.Activities, false, ImportInteractions.RequiredColumns, ImportInteractions.OptionalColumns, files);
        if (files.Count > 0)
        {
            // A file that cannot be read would leave every account that has rows in it incomplete: import nothing.
            report.Problems.AddRange(files);
            return report;
        }

        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Read {folder} in {started.Elapsed.TotalSeconds:F1} s: {peopleRows.Count} people, {accountRows.Count} accounts, {contactRows.Count} contacts, {ownerRows.Count} owner periods, {activityRows.Count} activities."));

        var people = ImportPeople.Plan(peopleRows, options.By, now);
        await using var query = store.QuerySession();
        var registered = await Registered(query, people.Keys.Concat(Referenced(ownerRows, activityRows)), cancellation);
        foreach (var person in people.Values)
        {
            person.AlreadyRegistered = registered.ContainsKey(person.PersonId);
        }

        PeopleOnRecord.CheckManagers(people, registered);
        var onRecord = new PeopleOnRecord(people, registered);

        var orphans = new List<ImportProblem>();
        var accounts = ImportAccounts.Plan(accountRows, options.By, now);
        ImportStakeholders.Plan(contactRows, accounts, options.By, now, orphans);
        ImportAccountManagers.Plan(ownerRows, accounts, onRecord, options.By, now, orphans);
        ImportInteractions.Plan(activityRows, accounts, onRecord, options.By, now, orphans);
        await CheckAgainstStore(query, accounts, cancellation);

        foreach (var person in people.Values)
        {
            report.Problems.AddRange(person.Row.Problems);
        }

        // Rows that never became a person (no id, a malformed or repeated one) carry their problems themselves.
        var planned = people.Values.Select(p => p.Row).ToHashSet();
        var unplanned = peopleRows.Where(r => !planned.Contains(r)).ToList();
        foreach (var row in unplanned)
        {
            report.Problems.AddRange(row.Problems);
        }

        foreach (var row in accountRows.Where(r => r["account_id"] is null))
        {
            report.Problems.AddRange(row.Problems);
        }

        report.Problems.AddRange(orphans);
        foreach (var account in accounts.Values)
        {
            report.Problems.AddRange(account.Problems);
        }

        report.Problems.Sort((a, b) => (a.File, a.Line).CompareTo((b.File, b.Line)));

        var newPeople = people.Values.Where(p => p.Valid && !p.AlreadyRegistered).ToList();
        var newAccounts = accounts.Values.Where(a => a.Valid && !a.AlreadyImported).ToList();
        report.PeopleAlreadyRegistered = people.Values.Count(p => p.AlreadyRegistered);
        report.PeopleRejected = people.Values.Count(p => !p.Valid && !p.AlreadyRegistered) + unplanned.Count;
        report.AccountsAlreadyImported = accounts.Values.Count(a => a.AlreadyImported);
        report.AccountsRejected = accounts.Values.Count(a => !a.Valid && !a.AlreadyImported);
        report.EventsPlanned = newPeople.Sum(p => p.Events.Count) + newAccounts.Sum(a => (long)a.EventCount);
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Checked in {started.Elapsed.TotalSeconds:F1} s: {report.Problems.Count} problem(s); to append: {newPeople.Count} people and {newAccounts.Count} accounts ({report.EventsPlanned} events); already there: {report.PeopleAlreadyRegistered} people, {report.AccountsAlreadyImported} accounts; left out: {report.PeopleRejected} people, {report.AccountsRejected} accounts."));
        if (options.DryRun || report.EventsPlanned == 0)
        {
            return report;
        }

        var timer = Stopwatch.StartNew();
        var meter = new ProgressMeter(progress, report.EventsPlanned, timer);
        await Append(store, options, newPeople, p => p.Events.Count, p => p.PersonId,
            (session, p) => session.Events.StartStream<Colleague>(PersonIds.StreamId(p.PersonId), [.. p.Events]),
            report, meter, n => report.PeopleRegistered += n, cancellation);
        await Append(store, options, newAccounts, a => a.EventCount, a => $"account {a.CrmId} ({a.Row.File}:{a.Row.Line})",
            (session, a) =>
            {
                session.Events.StartStream<KeyAccount>(a.AccountId, [.. a.StreamEvents()]);
                foreach (var interaction in a.Interactions)
                {
                    session.Events.StartStream<Interaction>(interaction.InteractionId, interaction);
                }
            },
            report, meter, n => report.AccountsImported += n, cancellation);
        report.AppendTime = timer.Elapsed;
        meter.Done(report.EventsAppended);
        return report;
    }

    /// <summary>
    /// Appends <paramref name="items"/> in transactions of about <see cref="ImportOptions.BatchEvents"/> events, whole items
    /// only. When a transaction fails (an account designated through the API in the meantime with the same registry id,
    /// say), its items are tried one by one, so one bad item costs only itself.
    /// </summary>
    private static async Task Append<T>(
        IDocumentStore store, ImportOptions options, List<T> items, Func<T, int> size, Func<T, string> name, Action<IDocumentSession, T> start,
        ImportReport report, ProgressMeter meter, Action<int> imported, CancellationToken cancellation)
    {
        var batch = new List<T>();
        var events = 0;
        foreach (var item in items)
        {
            batch.Add(item);
            events += size(item);
            if (events >= options.BatchEvents)
            {
                await Commit(batch);
                batch.Clear();
                events = 0;
            }
        }

        await Commit(batch);

        async Task Commit(List<T> chunk)
        {
            if (chunk.Count == 0)
            {
                return;
            }

            if (await TrySave(chunk) is null)
            {
                Landed(chunk);
                return;
            }

            foreach (var item in chunk)
            {
                if (await TrySave([item]) is { } error)
                {
                    report.Failures.Add($"{name(item)}: {error}");
                }
                else
                {
                    Landed([item]);
                }
            }
        }

        void Landed(List<T> chunk)
        {
            imported(chunk.Count);
            report.EventsAppended += chunk.Sum(size);
            meter.Report(report.EventsAppended);
        }

        async Task<string?> TrySave(List<T> chunk)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = options.By;
            session.CorrelationId = options.By;
            foreach (var item in chunk)
            {
                start(session, item);
            }

            try
            {
                await session.SaveChangesAsync(cancellation);
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return e.GetBaseException().Message.ReplaceLineEndings(" ");
            }
        }
    }

    /// <summary>Person ids named by owners and activities, so their directory entries are loaded in a few statements.</summary>
    private static IEnumerable<string> Referenced(IReadOnlyList<CrmRow> owners, IReadOnlyList<CrmRow> activities) =>
        owners.Select(r => r["person_id"]).Concat(activities.SelectMany(r => r.List("our_participants")))
            .Where(p => p is not null && PersonIds.IsWellFormed(p)).Select(p => PersonIds.Normalize(p!));

    private static async Task<Dictionary<string, Person>> Registered(IQuerySession session, IEnumerable<string> personIds, CancellationToken cancellation)
    {
        var found = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var chunk in personIds.Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            foreach (var person in await session.LoadManyAsync<Person>(cancellation, chunk.Select(PersonIds.StreamId)))
            {
                found[person.PersonId] = person;
            }
        }

        return found;
    }

    /// <summary>
    /// Accounts already in the store were imported by an earlier run: they are skipped whole. A new account's registry id
    /// must not belong to an account already there (the API refuses that as a duplicate).
    /// </summary>
    private static async Task CheckAgainstStore(IQuerySession session, Dictionary<string, AccountPlan> accounts, CancellationToken cancellation)
    {
        foreach (var chunk in accounts.Values.Chunk(LookupChunk))
        {
            var existing = (await session.LoadManyAsync<AccountStatus>(cancellation, chunk.Select(a => a.AccountId))).Select(s => s.Id).ToHashSet();
            foreach (var account in chunk)
            {
                account.AlreadyImported = existing.Contains(account.AccountId);
            }
        }

        var byKey = accounts.Values.Where(a => a is { Valid: true, AlreadyImported: false })
            .ToDictionary(a => RegistryIds.Normalize(a.Designation!.RegistryId), StringComparer.Ordinal);
        foreach (var chunk in byKey.Keys.Chunk(LookupChunk))
        {
            var holders = await session.Query<AccountStatus>().Where(s => s.RegistryKey.IsOneOf(chunk)).ToListAsync(cancellation);
            foreach (var holder in holders)
            {
                var account = byKey[holder.RegistryKey];
                account.Problem(account.Row, "registry_id",
                    $"'{account.Designation!.RegistryId}' already belongs to key account {holder.Id} ({holder.Name}), not imported from this row.");
            }
        }
    }

    /// <summary>A progress line at most every two seconds, and one at the end.</summary>
    private sealed class ProgressMeter(TextWriter output, long total, Stopwatch timer)
    {
        private TimeSpan _last = TimeSpan.Zero;

        public void Report(long appended)
        {
            if (timer.Elapsed - _last >= TimeSpan.FromSeconds(2))
            {
                _last = timer.Elapsed;
                Write(appended);
            }
        }

        public void Done(long appended) => Write(appended);

        private void Write(long appended) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Appended {appended:N0} of {total:N0} events ({100.0 * appended / Math.Max(total, 1):F0}%) in {timer.Elapsed.TotalSeconds:F1} s, {appended / Math.Max(timer.Elapsed.TotalSeconds, 0.001):N0} events/s."));
    }
}
