using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.History;
using Kam.EventStore.Tests.Interactions;
using Npgsql;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Relationships;

/// <summary>GDPR article 17: an admin erases a customer stakeholder's personal data; the business facts stay.</summary>
public sealed class ErasureTests(AppFixture app) : ApiTest(app)
{
    /// <summary>Every personal value the story below records about Zelda, in every form it is stored.</summary>
    private static readonly string[] PersonalValues =
    [
        "Zelda", "Quartermain", "Chief Widget Officer", "Chief Gadget Officer", "Widgetry Lab",
        "zelda.quartermain@customer.example", "555 0199", "555 0200", "Widgetcorp",
    ];

    private const string PrivacyOfficer = "privacy-officer@example.com";

    /// <summary>Zelda joins, is promoted, is linked to Kari, and leaves for Widgetcorp; returns the account and her id.</summary>
    private Guid _meeting;

    private async Task<(Guid Account, Guid Zelda)> ZeldasStory()
    {
        var account = await Given.KeyAccount();
        var added = await Host.Scenario(x =>
        {
            x.Post.Json(new AddStakeholder
            {
                Name = "Zelda Quartermain", Title = "Chief Widget Officer", Department = "Widgetry Lab",
                Level = OrganisationLevel.Executive, BuyingRole = BuyingRole.DecisionMaker, Stance = Stance.Supportive,
                Email = "zelda.quartermain@customer.example", Phone = "+358 40 555 0199", EffectiveOn = D(2, 1),
            }).ToUrl($"/api/accounts/{account}/stakeholders");
            x.StatusCodeShouldBe(201);
        });
        var zelda = (await added.ReadAsJsonAsync<StakeholderCreated>()).StakeholderId;
        await Given.Change(account, $"stakeholders/{zelda}/changes",
            new ChangeStakeholder { Title = "Chief Gadget Officer", Phone = "+358 40 555 0200", Reason = "Zelda Quartermain was promoted", EffectiveOn = D(3, 1) });
        await Given.Link(account, "kari@example.com", zelda, LinkStrength.Strong, D(3, 15));
        var olli = await Given.Stakeholder(account, "Olli Others", D(2, 1));
        _meeting = await Given.Meeting(account, new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero), ["kari@example.com"], [zelda, olli]);
        await Given.Note(account, "Zelda Quartermain prefers calls before nine", "kari@example.com", about: [zelda]);
        await Given.Change(account, $"stakeholders/{zelda}/departure",
            new RecordStakeholderDeparture { Reason = "Zelda moved to Widgetcorp", EffectiveOn = D(9, 1) });
        return (account, zelda);
    }

    private async Task<IScenarioResult> Erase(Guid account, Guid stakeholder, string reason = "Erasure request GDPR-2026-041", int status = 200) =>
        await Host.Scenario(x =>
        {
            x.Post.Json(new EraseStakeholderPersonalData { Reason = reason }).ToUrl($"/api/accounts/{account}/stakeholders/{stakeholder}/erasure");
            x.As(PrivacyOfficer, Roles.Admin);
            x.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task after_an_erasure_no_table_holds_a_trace_of_the_personal_data_and_the_business_facts_remain()
    {
        var (account, zelda) = await ZeldasStory();
        await Given.CheckpointsCaughtUp();
        var before = await Traces();
        before.Keys.ShouldContain("public.mt_events", "the scan must see the values before the erasure, or it proves nothing");
        before.Keys.ShouldContain("public.mt_doc_accountviewcheckpoint", "the account's view checkpoints hold her profile");
        before.Keys.ShouldContain(t => t.StartsWith("public.mt_doc_", StringComparison.Ordinal));
        before.Keys.ShouldContain("public.mt_doc_interactionrecord", "the meeting she attended copied her name");
        before.Keys.ShouldContain("public.mt_doc_note", "the note about her names her");
        before.Keys.ShouldContain("public.mt_doc_timelineentry");
        (await ExportTraces(account)).ShouldBe(["jsonl", "csv"], "the export reads her values before the erasure, or the scan of it proves nothing");

        var erased = await (await Erase(account, zelda)).ReadAsJsonAsync<AccountWritten>();

        (await Traces()).ShouldBeEmpty();
        (await ExportTraces(account)).ShouldBeEmpty();

        // The daemon then folds the account's (masked) events again into fresh checkpoints: still no trace, and past views work.
        await Given.CheckpointsCaughtUp();
        (await Traces()).ShouldBeEmpty();
        (await Given.Checkpoints(account)).ShouldNotBeEmpty();
        (await Given.View(account, AppFixture.Start, "&on=2026-06-01")).Roles.Stakeholders.Single(s => s.StakeholderId == zelda)
            .Profile.Name.ShouldBe(StakeholderPersonalData.ErasedName);

        // Only she is masked where others were named with her.
        var meeting = (await Host.GetAsJson<JsonElement>($"/api/accounts/{account}/interactions/{_meeting}")).GetRawText();
        meeting.ShouldContain("Olli Others");
        meeting.ShouldContain(StakeholderPersonalData.ErasedName);

        // The raw history keeps every fact, masked, plus the audited erasure.
        var history = await Host.GetAsJson<JsonElement>($"/api/accounts/{account}/events?limit=200");
        var text = history.GetRawText();
        PersonalValues.ShouldAllBe(v => !text.Contains(v, StringComparison.OrdinalIgnoreCase));
        var events = history.GetProperty("items").EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(
        [
            nameof(KeyAccountDesignated), nameof(StakeholderAdded), nameof(StakeholderChanged), nameof(RelationshipLinkEstablished),
            nameof(StakeholderAdded), nameof(RelationshipLinkEnded), nameof(StakeholderLeftCustomer), nameof(StakeholderPersonalDataErased),
        ]);
        var addedData = events[1].GetProperty("data");
        addedData.GetProperty("profile").GetProperty("name").GetString().ShouldBe(StakeholderPersonalData.ErasedName);
        addedData.GetProperty("profile").GetProperty("level").GetString().ShouldBe("Executive");
        addedData.GetProperty("profile").GetProperty("buyingRole").GetString().ShouldBe("DecisionMaker");
        addedData.GetProperty("effectiveOn").GetString().ShouldBe("2026-02-01");
        events[1].GetProperty("recordedBy").GetString().ShouldBe(AppFixture.DefaultUser, "masking keeps who recorded the fact");
        var erasure = events[^1];
        erasure.GetProperty("version").GetInt64().ShouldBe(erased.Version);
        erasure.GetProperty("recordedBy").GetString().ShouldBe(PrivacyOfficer);
        erasure.GetProperty("data").GetProperty("by").GetString().ShouldBe(PrivacyOfficer);
        erasure.GetProperty("data").GetProperty("reason").GetString().ShouldBe("Erasure request GDPR-2026-041");

        // The masked events say when and by whom they were rewritten, in the audit export too.
        var exported = (await Given.Export($"/api/accounts/{account}/export")).Lines;
        exported.Count.ShouldBe(10, "the account stream's 8 events, the meeting's and the note's");
        var maskedInExport = exported.Where(l => l.GetProperty("headers").ValueKind == JsonValueKind.Object).ToList();
        maskedInExport.Select(l => l.GetProperty("type").GetString()).ShouldBe(
        [
            nameof(StakeholderAdded), nameof(StakeholderChanged), "InteractionRecorded", "NoteRecorded", nameof(RelationshipLinkEnded),
            nameof(StakeholderLeftCustomer),
        ]);
        maskedInExport.ShouldAllBe(l => l.GetProperty("headers").GetProperty("personal-data-erased-by").GetString() == PrivacyOfficer);

        await using (var session = App.Store.LightweightSession())
        {
            var stored = await session.Events.FetchStreamAsync(account);
            var masked = stored.Single(e => e.Data is StakeholderAdded added && added.StakeholderId == zelda);
            masked.Headers.ShouldNotBeNull()["personal-data-erased-by"].ToString().ShouldBe(PrivacyOfficer);
        }

        // The stakeholder is still there, as an erased stakeholder with level, buying role, stance, dates and links.
        var stakeholder = (await Host.GetAsJson<StakeholderHistory>($"/api/accounts/{account}/stakeholders/{zelda}"))!;
        stakeholder.Profiles.Select(p => (p.From, p.To, p.Left, p.Erased)).ShouldBe([(D(2, 1), D(3, 1), false, true), (D(3, 1), D(9, 1), true, true)]);
        stakeholder.Profiles.ShouldAllBe(p => p.Profile == new StakeholderProfile(
            StakeholderPersonalData.ErasedName, StakeholderPersonalData.Erased, StakeholderPersonalData.Erased,
            OrganisationLevel.Executive, BuyingRole.DecisionMaker, Stance.Supportive, null, null));
        stakeholder.Profiles[1].ChangeReason.ShouldBe(StakeholderPersonalData.Erased);
        stakeholder.Links.ShouldBe([new LinkTerm("kari@example.com", zelda, LinkStrength.Strong, D(3, 15), D(9, 1))]);
        var map = await Given.Map(account, D(6, 1));
        var mapped = map.Stakeholders.Single(s => s.StakeholderId == zelda);
        mapped.Profile.Name.ShouldBe(StakeholderPersonalData.ErasedName);
        mapped.Links.Single().PersonId.ShouldBe("kari@example.com");
        map.Stakeholders.Single(s => s.StakeholderId != zelda).Profile.Name.ShouldBe("Olli Others");
    }

    [Fact]
    public async Task rebuilding_the_read_models_from_the_masked_events_gives_the_same_erased_documents()
    {
        var (account, zelda) = await ZeldasStory();
        await Erase(account, zelda);
        var history = await Host.GetAsJson<JsonElement>($"/api/accounts/{account}/role-history");

        await App.Store.Advanced.RebuildSingleStreamAsync<AccountRoles>(account);
        await App.Store.Advanced.RebuildSingleStreamAsync<AccountRelationships>(account);

        (await Host.GetAsJson<JsonElement>($"/api/accounts/{account}/role-history")).GetRawText().ShouldBe(history.GetRawText());
        (await Traces()).ShouldBeEmpty();
        await Erase(account, zelda, status: 409);
    }

    [Fact]
    public async Task erasure_rules_refuse_repeats_leaks_unknown_stakeholders_and_new_notes_about_an_erased_person()
    {
        var account = await Given.KeyAccount();
        var maria = await Given.Stakeholder(account, "Maria Korhonen", D(2, 1));
        await Given.Link(account, "kari@example.com", maria, LinkStrength.Medium, D(2, 2));
        var before = await Given.EventCount();

        (await (await Erase(account, maria, "Maria Korhonen asked us to", 422)).Problem()).Rule.ShouldBe("reason-repeats-personal-data");
        (await (await Erase(account, maria, "Request from MARIA.KORHONEN@customer.example", 422)).Problem()).Rule.ShouldBe("reason-repeats-personal-data");
        (await (await Erase(account, Guid.NewGuid(), status: 404)).Problem()).Rule.ShouldBe("not-found");
        (await (await Erase(account, maria, " ", 400)).Problem()).Errors.Keys.ShouldBe(["reason"]);
        var writer = await Host.Scenario(x =>
        {
            x.Post.Json(new EraseStakeholderPersonalData { Reason = "Request 7" }).ToUrl($"/api/accounts/{account}/stakeholders/{maria}/erasure");
            x.As("kam@example.com", Roles.Writer);
            x.StatusCodeShouldBe(403);
        });
        (await writer.Problem()).Rule.ShouldBe("forbidden");
        (await Given.EventCount()).ShouldBe(before);

        await Erase(account, maria);
        (await (await Erase(account, maria, status: 409)).Problem()).Rule.ShouldBe("already-erased");

        async Task<Problem> Refused(string route, object body, int status) => await (await Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl($"/api/accounts/{account}/{route}");
            x.StatusCodeShouldBe(status);
        })).Problem();

        (await Refused($"stakeholders/{maria}/changes", new ChangeStakeholder { Name = "Maria Korhonen", Reason = "Typo" }, 409)).Rule.ShouldBe("stakeholder-erased");
        (await Refused($"links/kari@example.com/{maria}/end", new EndRelationshipLink { Reason = "Maria retired" }, 422)).Rule.ShouldBe("stakeholder-erased");
        (await Refused($"stakeholders/{maria}/departure", new RecordStakeholderDeparture { Reason = "Retired" }, 422)).Rule.ShouldBe("stakeholder-erased");

        // Facts without notes are still recorded.
        await Given.Change(account, $"stakeholders/{maria}/departure", new RecordStakeholderDeparture { EffectiveOn = D(10, 1) });
    }

    [Fact]
    public async Task an_ended_designation_does_not_stop_an_erasure()
    {
        var account = await Given.KeyAccount();
        var maria = await Given.Stakeholder(account, "Maria Korhonen", D(2, 1));
        await Given.Change(account, "designation-end", new EndKeyAccountDesignation { EndedOn = D(10, 1), Reason = "Merged" });

        await Erase(account, maria);

        (await Host.GetAsJson<StakeholderHistory>($"/api/accounts/{account}/stakeholders/{maria}"))!
            .Profiles.Single().Profile.Name.ShouldBe(StakeholderPersonalData.ErasedName);
    }

    /// <summary>The formats of the account's audit export that hold one of <see cref="PersonalValues"/>.</summary>
    private async Task<List<string>> ExportTraces(Guid account)
    {
        var found = new List<string>();
        foreach (var format in new[] { "jsonl", "csv" })
        {
            var body = (await Given.Export($"/api/accounts/{account}/export?format={format}")).Body;
            if (PersonalValues.Any(v => body.Contains(v, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(format);
            }
        }

        return found;
    }

    /// <summary>
    /// Every table of the database (events, every Marten document table, Wolverine's tables) whose rows, read as text,
    /// contain one of <see cref="PersonalValues"/>: table name to the values found.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> Traces()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        tables.ShouldContain("public.mt_events");
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var value in PersonalValues)
            {
                // The whole row as text covers every column, json and jsonb included.
                await using var search = new NpgsqlCommand($"select exists (select 1 from {table} t where strpos(lower(t::text), lower(@value)) > 0)", connection);
                search.Parameters.AddWithValue("value", value);
                if ((bool)(await search.ExecuteScalarAsync())!)
                {
                    (found.TryGetValue(table, out var values) ? values : found[table] = []).Add(value);
                }
            }
        }

        return found;
    }
}
