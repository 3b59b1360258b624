using JasperFx.CommandLine;
using Marten;

namespace Kam.EventStore.Import;

/// <summary>Arguments of <c>import</c>.</summary>
public sealed class ImportInput : NetCoreInput
{
    [Description("Folder holding the CRM export: accounts.csv, and optionally people.csv, contacts.csv, owners.csv, activities.csv")]
    public string Folder { get; set; } = "";

    [Description("Check the files and report what would be appended, without appending")]
    public bool DryRunFlag { get; set; }

    [Description("Who the events say recorded them (default crm-import)")]
    public string ByFlag { get; set; } = CrmImport.DefaultBy;

    [Description("About how many events one transaction appends (default 2000; whole accounts only)")]
    public int BatchFlag { get; set; } = CrmImport.DefaultBatchEvents;
}

/// <summary>
/// <c>dotnet run -- import &lt;folder&gt;</c> (or <c>scripts/run.sh import &lt;folder&gt;</c>): imports a CRM export's history
/// (see docs/import-sample/README.md for the files). Exits 0 when every row was imported, now or by an earlier run.
/// </summary>
[Description("Import key-account history from a CRM export (CSV files), dated as the CRM dated it", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    /// <summary>Set by scripts/run.sh to the folder it was started in.</summary>
    public const string CallerDirectory = "KAM_CALLER_DIR";

    public override async Task<bool> Execute(ImportInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Folder) || !Callers.IsAcceptableName(input.ByFlag) || input.BatchFlag < 1)
        {
            await Console.Error.WriteLineAsync("Usage: import <folder> [--dry-run] [--by <name>] [--batch <events per transaction>]");
            return false;
        }

        // The host is built for its configuration and store, never started: no web server, no background agents.
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        // dotnet run starts the service in its project folder; scripts/run.sh says where the caller was, so a relative path
        // means what it meant where it was typed.
        var folder = Path.GetFullPath(input.Folder, Environment.GetEnvironmentVariable(CallerDirectory) ?? Directory.GetCurrentDirectory());
        var options = new ImportOptions(folder, input.ByFlag, input.DryRunFlag, input.BatchFlag);
        var report = await CrmImport.RunAsync(store, options, clock, Console.Error, CancellationToken.None);

        foreach (var problem in report.Problems)
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        foreach (var failure in report.Failures)
        {
            await Console.Error.WriteLineAsync("failed: " + failure);
        }

        Console.WriteLine(
            $"import: {report.AccountsImported} accounts and {report.PeopleRegistered} people imported ({report.EventsAppended} events, " +
            $"{report.EventsPerSecond:F0} events/s); {report.AccountsAlreadyImported} accounts and {report.PeopleAlreadyRegistered} people already there; " +
            $"{report.AccountsRejected} accounts and {report.PeopleRejected} people left out; {report.Problems.Count} problem(s), {report.Failures.Count} failure(s)" +
            (options.DryRun ? " (dry run: nothing appended)" : ""));
        return report.Clean;
    }
}
