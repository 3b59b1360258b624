using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Import;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Tests.Import;

/// <summary>The shipped sample export (docs/import-sample) imported, then read back through the HTTP API as a user would.</summary>
public sealed class ImportTests(AppFixture app) : ApiTest(app), IDisposable
{
    private static readonly Guid NordicPaper = ImportIds.Account("0015g00000AbCdE");
    private static readonly Guid BalticLogistics = ImportIds.Account("0015g00000FgHiJ");
    private static readonly Guid SvenskStal = ImportIds.Account("0015g00000KlMnO");

    /// <summary>The sample's events: 5 people (+1 departure) and three accounts with their stakeholders, KAMs and activities.</summary>
    private const int SampleEvents = 32;

    /// <summary>Five registrations and Carla's departure.</summary>
    private const long PeopleEvents = 6;

    /// <summary>Designation, assignment and handover, three stakeholders and one departure, four interactions.</summary>
    private const long NordicPaperEvents = 11;

    public static string SampleFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var sample = Path.Combine(dir.FullName, "docs", "import-sample");
            if (File.Exists(Path.Combine(sample, CrmFiles.Accounts)))
            {
                return sample;
            }
        }

        throw new InvalidOperationException("docs/import-sample not found above " + AppContext.BaseDirectory);
    }

    private Task<ImportReport> Import(string folder, bool dryRun = false) =>
        CrmImport.RunAsync(App.Store, new ImportOptions(folder, DryRun: dryRun), App.Clock, TextWriter.Null, CancellationToken.None);

    [Fact]
    public async Task The_sample_export_becomes_the_accounts_people_roles_and_interactions_the_API_shows()
    {
        var report = await Import(SampleFolder());

        report.Problems.ShouldBeEmpty();
        report.Failures.ShouldBeEmpty();
        (report.AccountsImported, report.PeopleRegistered, report.EventsAppended).ShouldBe((3, 5, SampleEvents));
        (await Given.EventCount()).ShouldBe(SampleEvents);

        var list = await Host.GetAsJson<Page<AccountStatus>>("/api/accounts?includeEnded=true");
        list!.Items.Select(a => a.Name).ShouldBe(["Baltic Logistics AS", "Nordic Paper Oy", "Svensk Stål AB"]);

        var nordic = await Given.Status(NordicPaper);
        nordic.DesignatedOn.ShouldBe(new DateOnly(2021, 1, 15));
        nordic.RevenueBudget.ShouldBe(new Money(1_200_000m, "EUR"));
        nordic.CriteriaMet.ShouldBe(["Revenue potential over 1 MEUR", "Strategic fit"]);
        nordic.AccountManager.ShouldBe("anna.virtanen@example.com");
        nordic.AccountManagerSince.ShouldBe(new DateOnly(2024, 4, 1));
        nordic.StakeholderCount.ShouldBe(2, "Tiina Lehto retired in 2024");
        nordic.LastRecordedBy.ShouldBe(CrmImport.DefaultBy);
        nordic.Interactions!.LastInteraction!.InteractionId.ShouldBe(ImportIds.Interaction("00U5g0000001AAD"));
        nordic.Interactions.LastInteraction.HappenedAt.ShouldBe(new DateTimeOffset(2025, 10, 1, 8, 15, 0, TimeSpan.Zero));

        var baltic = await Given.Status(BalticLogistics);
        (baltic.Tier, baltic.Status, baltic.StatusReason).ShouldBe((AccountTier.Strategic, AccountHealth.AtRisk, "A competitor won the Tallinn warehouse tender"));
        baltic.AccountManager.ShouldBe("ben.lindqvist@example.com");

        var svensk = await Given.Status(SvenskStal);
        (svensk.DesignationEnded, svensk.EndedOn, svensk.RevenueBudget.Currency).ShouldBe((true, new DateOnly(2025, 6, 30), "SEK"));
        svensk.AccountManager.ShouldBeNull("the KAM's period ended with the designation");

        // The KAM history: Carla until her handover to Anna, each on the CRM's dates.
        (await RolesOn(NordicPaper, "2023-06-01")).AccountManager!.PersonId.ShouldBe("carla.nieminen@example.com");
        (await RolesOn(NordicPaper, "2024-04-01")).AccountManager!.HandoverNoteReceived.ShouldBe("Price review due in May; the CFO prefers e-mail.");
        (await RolesOn(BalticLogistics, "2023-01-20")).AccountManager.ShouldBeNull("the position was vacant between Anna and Ben");
        (await RolesOn(NordicPaper, "2024-09-01")).Stakeholders.Select(s => s.Profile.Name).ShouldBe(["Maria Korhonen", "Olli Saarinen"], ignoreOrder: true);

        var carla = await Host.GetAsJson<Person>("/api/people/carla.nieminen@example.com");
        (carla!.LeftOn, carla.ManagerPersonId).ShouldBe((new DateOnly(2024, 3, 31), "pekka.korhonen@example.com"));
    }

    [Fact]
    public async Task Events_carry_the_CRM_dates_as_business_time_and_the_import_as_who_recorded_them()
    {
        await Import(SampleFolder());

        var events = (await Host.GetAsJson<JsonElement>($"/api/accounts/{NordicPaper}/events")).GetProperty("items").EnumerateArray().ToList();
        var designated = events[0];
        designated.GetProperty("type").GetString().ShouldBe("KeyAccountDesignated");
        designated.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2021, 1, 15, 0, 0, 0, TimeSpan.Zero));
        designated.GetProperty("recordedAt").GetDateTimeOffset().ShouldBe(AppFixture.Start, "recorded now, happened then");
        designated.GetProperty("recordedBy").GetString().ShouldBe(CrmImport.DefaultBy);
        designated.GetProperty("data").GetProperty("by").GetString().ShouldBe(CrmImport.DefaultBy);

        // Stream order is business order: the handover of 2024 after the stakeholders of 2021, Tiina's departure between.
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(
        [
            "KeyAccountDesignated", "AccountManagerAssigned", "StakeholderAdded", "StakeholderAdded", "StakeholderAdded",
            "AccountManagerHandedOver", "StakeholderLeftCustomer",
        ]);

        var review = await Host.GetAsJson<JsonElement>($"/api/accounts/{NordicPaper}/interactions/{ImportIds.Interaction("00U5g0000001AAC")}");
        review.GetProperty("happenedAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2024, 6, 12, 9, 0, 0, TimeSpan.FromHours(3)));
        review.GetProperty("details").GetProperty("ourParticipants").EnumerateArray().Select(p => p.GetString())
            .ShouldBe(["anna.virtanen@example.com", "pekka.korhonen@example.com"]);
        review.GetProperty("details").GetProperty("theirParticipants")[0].GetProperty("name").GetString().ShouldBe("Maria Korhonen");
    }

    [Fact]
    public async Task Importing_the_same_export_again_appends_nothing()
    {
        await Import(SampleFolder());
        var before = await Given.EventCount();

        var again = await Import(SampleFolder());

        (again.AccountsImported, again.PeopleRegistered, again.EventsAppended).ShouldBe((0, 0, 0L));
        (again.AccountsAlreadyImported, again.PeopleAlreadyRegistered).ShouldBe((3, 5));
        again.Clean.ShouldBeTrue();
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Problems_are_named_by_file_line_and_column_and_leave_out_only_their_account()
    {
        var folder = CopyOfSample();
        // Baltic Logistics: a contact with a level the service does not know (contacts.csv line 6).
        Replace(folder, CrmFiles.Contacts, "Liis Kask,Procurement Manager,Procurement,Management", "Liis Kask,Procurement Manager,Procurement,Middle");
        // Svensk Stål: an activity dated in the future (activities.csv line 8), and one naming someone we do not know.
        Replace(folder, CrmFiles.Activities, "2022-03-15T10:00:00+01:00", "2027-03-15T10:00:00+01:00");
        File.AppendAllText(Path.Combine(folder, CrmFiles.Activities),
            "00U5g0000003AAB,0015g00000KlMnO,Call,Phone,2022-04-01T10:00:00Z,,Follow-up,Called back.,nobody@example.com,,\n");

        var report = await Import(folder);

        report.Problems.Select(p => p.ToString()).ShouldBe(
        [
            "activities.csv:8: happened_at: Must not be in the future.",
            "activities.csv:8: happened_at: 2027-03-15 is after the key-account designation ended (2025-06-30, accounts.csv:4).",
            "activities.csv:9: our_participants: nobody@example.com is neither in people.csv nor in the people directory.",
            "contacts.csv:6: level: 'Middle' must be one of: Executive, Management, Operational.",
        ]);
        (report.AccountsImported, report.AccountsRejected, report.PeopleRegistered).ShouldBe((1, 2, 5));
        await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{BalticLogistics}");
            x.StatusCodeShouldBe(404);
        });
        await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{SvenskStal}");
            x.StatusCodeShouldBe(404);
        });
        (await Given.Status(NordicPaper)).AccountManager.ShouldBe("anna.virtanen@example.com");

        // Fixed, the export imports the rest and leaves the account already there alone.
        var fixedFolder = SampleFolder();
        var rerun = await Import(fixedFolder);
        (rerun.AccountsImported, rerun.AccountsAlreadyImported, rerun.EventsAppended).ShouldBe((2, 1, SampleEvents - PeopleEvents - NordicPaperEvents));
        (await Given.EventCount()).ShouldBe(SampleEvents);
    }

    [Fact]
    public async Task A_file_that_cannot_be_trusted_stops_the_whole_import()
    {
        var folder = CopyOfSample();
        Replace(folder, CrmFiles.Owners, "account_id,person_id,from,to,note", "account_id,person_id,from,until,note");

        var report = await Import(folder);

        report.Problems.ShouldHaveSingleItem().ToString().ShouldBe(
            "owners.csv:1: Header: unknown column(s) until (known: account_id, person_id, from, to, note).");
        (await Given.EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task A_dry_run_checks_everything_and_appends_nothing()
    {
        var report = await Import(SampleFolder(), dryRun: true);

        (report.Clean, report.EventsPlanned, report.EventsAppended).ShouldBe((true, SampleEvents, 0L));
        (await Given.EventCount()).ShouldBe(0);
    }

    private async Task<AccountRolesOn> RolesOn(Guid accountId, string on) =>
        (await Host.GetAsJson<AccountRolesOn>($"/api/accounts/{accountId}/roles?on={on}"))!;

    private readonly List<string> _copies = [];

    public void Dispose()
    {
        foreach (var folder in _copies)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string CopyOfSample()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kam-import-" + Guid.NewGuid().ToString("N"));
        _copies.Add(folder);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(SampleFolder(), "*.csv"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    private static void Replace(string folder, string file, string from, string to)
    {
        var path = Path.Combine(folder, file);
        var text = File.ReadAllText(path);
        text.ShouldContain(from);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
