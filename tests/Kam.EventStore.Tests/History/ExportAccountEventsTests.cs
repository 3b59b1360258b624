using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Store;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.Interactions;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.History;

/// <summary>An auditor downloads everything recorded about an account, with who recorded what, when and in which request.</summary>
public sealed class ExportAccountEventsTests(AppFixture app) : ApiTest(app)
{
    private const string Kam = "kam@example.com";

    /// <summary>The account's life across its streams: role facts, a commitment approved, a meeting corrected, a note, a status change.</summary>
    private async Task<(Cast Cast, Guid Commitment, Guid Meeting, Guid Note, long StatusVersion)> AccountAcrossStreams()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var meeting = await Given.Meeting(cast.AccountId, new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero), [Anna], [cast.Cfo]);
        var made = await Given.Promise(cast, Discount(cast, 15m, D(10, 1), D(11, 15)) with { InteractionId = meeting });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await Given.OnCommitment(made.CommitmentId, "approval", new ApproveCommitment { Note = "Strategic renewal" }, caller: Director);
        await Given.Correct(cast.AccountId, meeting, new CorrectInteraction { Reason = "It was a video call", Channel = InteractionChannel.Video });
        var note = await Given.Note(cast.AccountId, "Their CFO wants one invoice per quarter", Anna, about: [cast.Cfo]);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var status = await Host.Scenario(x =>
        {
            x.Post.Json(new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Competitor won the tender", OccurredAt = AppFixture.Start.AddHours(-2) })
                .ToUrl($"/api/accounts/{cast.AccountId}/status-changes");
            x.As(Kam, Roles.Writer);
            x.WithRequestHeader(CorrelationIds.Header, "crm-sync-42");
            x.StatusCodeShouldBe(200);
        });
        var version = (await status.ReadAsJsonAsync<AccountWritten>()).Version;
        return (cast, made.CommitmentId, meeting, note, version);
    }

    [Fact]
    public async Task json_lines_hold_every_event_of_the_account_from_every_stream_once_in_recording_order_with_provenance()
    {
        var (cast, commitment, meeting, note, statusVersion) = await AccountAcrossStreams();
        var other = await Given.KeyAccount("Baltic Board AS");
        await Given.Note(other, "Not about Nordic Paper", Anna);

        var download = await Given.Export($"/api/accounts/{cast.AccountId}/export");

        download.ContentType.ShouldBe("application/x-ndjson; charset=utf-8");
        download.ContentDisposition.ShouldBe($"attachment; filename=account-{cast.AccountId}-events.jsonl");
        download.Body.ShouldEndWith("\n");
        var lines = download.Lines;

        // Exactly the events that name the account, read without the timeline: the timeline's rows miss none and repeat none
        // (the correction has two rows).
        var expected = await Given.SequencesOfAccount(cast.AccountId);
        expected.Count.ShouldBeGreaterThan(8);
        lines.Select(l => l.GetProperty("sequence").GetInt64()).ShouldBe(expected);
        lines.Select(l => l.GetProperty("streamId").GetGuid()).Distinct().Order().ShouldBe(new[] { cast.AccountId, commitment, meeting, note }.Order());
        lines.Select(l => l.GetProperty("type").GetString()).ShouldBe(
        [
            nameof(KeyAccountDesignated), "AccountManagerAssigned", "StakeholderAdded", nameof(InteractionRecorded), nameof(CommitmentMade),
            nameof(CommitmentApproved), nameof(InteractionCorrected), nameof(NoteRecorded), nameof(AccountStatusChanged),
        ]);
        lines.ShouldAllBe(l => l.GetProperty("data").GetProperty("accountId").GetGuid() == cast.AccountId);
        lines.ShouldNotContain(l => l.GetProperty("type").GetString() == nameof(PersonRegistered), "people are not the account's events");

        // Versions count within each stream.
        lines.Where(l => l.GetProperty("streamId").GetGuid() == commitment).Select(l => l.GetProperty("version").GetInt64()).ShouldBe([1L, 2L]);
        lines.Where(l => l.GetProperty("streamId").GetGuid() == meeting).Select(l => l.GetProperty("version").GetInt64()).ShouldBe([1L, 2L]);

        // Provenance: who (the authenticated caller), when recorded (the service's clock), when it happened, which request.
        var status = lines[^1];
        status.GetProperty("streamId").GetGuid().ShouldBe(cast.AccountId);
        status.GetProperty("version").GetInt64().ShouldBe(statusVersion);
        status.GetProperty("recordedBy").GetString().ShouldBe(Kam);
        status.GetProperty("correlationId").GetString().ShouldBe("crm-sync-42");
        status.GetProperty("causationId").ValueKind.ShouldBe(JsonValueKind.Null);
        status.GetProperty("recordedAt").GetString().ShouldBe("2026-11-02T09:03:00+00:00");
        status.GetProperty("occurredAt").GetString().ShouldBe("2026-11-02T07:00:00+00:00");
        status.GetProperty("headers").ValueKind.ShouldBe(JsonValueKind.Null);
        status.GetProperty("data").GetProperty("reason").GetString().ShouldBe("Competitor won the tender");
        status.GetProperty("data").GetProperty("by").GetString().ShouldBe(Kam);
        var approval = lines.Single(l => l.GetProperty("type").GetString() == nameof(CommitmentApproved));
        approval.GetProperty("recordedBy").GetString().ShouldBe(Director);
        approval.GetProperty("recordedAt").GetString().ShouldBe("2026-11-02T09:02:00+00:00");
        lines[0].GetProperty("recordedBy").GetString().ShouldBe(AppFixture.DefaultUser);

        // Each request has its own correlation id; the data is as stored: compact JSON, camelCase names.
        lines.Select(l => l.GetProperty("correlationId").GetString()).Distinct().Count().ShouldBe(lines.Count);
        download.Body.Split('\n')[0].ShouldContain(",\"data\":{\"By\":\"dev-user\",");
    }

    [Fact]
    public async Task the_export_as_of_a_recorded_time_holds_exactly_what_had_been_recorded_by_then()
    {
        var (cast, _, _, _, _) = await AccountAcrossStreams();
        var everything = (await Given.Export($"/api/accounts/{cast.AccountId}/export")).Lines;

        // 09:02 is when the approval, the correction and the note were recorded: inclusive.
        var asOf = Uri.EscapeDataString("2026-11-02T11:02:00+02:00");
        var then = (await Given.Export($"/api/accounts/{cast.AccountId}/export?asOf={asOf}")).Lines;

        then.Select(l => l.GetRawText()).ShouldBe(everything.Take(everything.Count - 1).Select(l => l.GetRawText()));
        then[^1].GetProperty("type").GetString().ShouldBe(nameof(NoteRecorded));

        var justBefore = Uri.EscapeDataString("2026-11-02T09:01:59.999+00:00");
        (await Given.Export($"/api/accounts/{cast.AccountId}/export?asOf={justBefore}")).Lines
            .Select(l => l.GetProperty("type").GetString()).ShouldBe(everything.Take(5).Select(l => l.GetProperty("type").GetString()));

        var beforeDesignation = await Given.Export($"/api/accounts/{cast.AccountId}/export?asOf=2026-11-01T00:00:00Z&format=csv");
        beforeDesignation.Rows.ShouldBe([CsvExportWriter.Columns]);
        (await Given.Export($"/api/accounts/{cast.AccountId}/export?asOf=2026-11-01T00:00:00Z")).Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task csv_has_a_header_row_and_quotes_commas_quotes_and_line_breaks_and_defuses_formulas()
    {
        var account = await Given.KeyAccount();
        const string tricky = "Said \"yes, in principle\"\r\nthen:\n=HYPERLINK(\"http://evil.example\",\"click\")";
        await Given.Colleagues(Anna);
        var noteResult = await Host.Scenario(x =>
        {
            x.Post.Json(new RecordNote { Text = tricky, AuthorPersonId = Anna }).ToUrl($"/api/accounts/{account}/notes");
            x.WithRequestHeader(CorrelationIds.Header, "=1+2,\"quoted\"");
            x.As("@ops", Roles.Writer);
            x.StatusCodeShouldBe(201);
        });
        var note = (await noteResult.ReadAsJsonAsync<NoteCreated>()).NoteId;

        var download = await Given.Export($"/api/accounts/{account}/export?format=csv");

        download.ContentType.ShouldBe("text/csv; charset=utf-8; header=present");
        download.ContentDisposition.ShouldBe($"attachment; filename=account-{account}-events.csv");
        var rows = download.Rows;
        rows[0].ShouldBe(
            ["sequence", "streamId", "version", "type", "occurredAt", "recordedAt", "recordedBy", "correlationId", "causationId", "data", "headers"]);
        rows.Count.ShouldBe(3);
        rows.Skip(1).ShouldAllBe(r => r.Length == 11);

        var row = rows[2];
        row[1].ShouldBe(note.ToString());
        row[2].ShouldBe("1");
        row[3].ShouldBe(nameof(NoteRecorded));
        row[4].ShouldBe("2026-11-02T09:00:00+00:00");
        row[5].ShouldBe("2026-11-02T09:00:00+00:00");
        row[6].ShouldBe("'@ops", "a cell a spreadsheet would run as a formula is shown as text");
        row[7].ShouldBe("'=1+2,\"quoted\"");
        row[8].ShouldBe("");
        row[10].ShouldBe("");
        using (var data = JsonDocument.Parse(row[9]))
        {
            data.RootElement.GetProperty("text").GetString().ShouldBe(tricky, "the data survives the quoting exactly");
            data.RootElement.GetProperty("by").GetString().ShouldBe("@ops");
        }

        // On the wire: quotes doubled, the cell quoted; line breaks inside the data are JSON escapes, so each record is one line.
        download.Body.ShouldContain(",'@ops,\"'=1+2,\"\"quoted\"\"\",,\"{");
        download.Body.ShouldContain("""\""yes, in principle\""\r\nthen:\n=HYPERLINK(\""http://evil.example\"",""", Case.Sensitive);
        download.Body.Split("\r\n").Length.ShouldBe(4);

        // The same event in JSON Lines is verbatim, with nothing prefixed.
        var line = (await Given.Export($"/api/accounts/{account}/export")).Lines[^1];
        line.GetProperty("recordedBy").GetString().ShouldBe("@ops");
        line.GetProperty("correlationId").GetString().ShouldBe("=1+2,\"quoted\"");
        line.GetProperty("data").GetProperty("text").GetString().ShouldBe(tricky);
        line.GetProperty("data").GetRawText().ShouldBe(row[9], "both formats carry the same stored JSON");
    }

    [Theory]
    [InlineData("text/csv", null, "text/csv")]
    [InlineData("application/x-ndjson", null, "application/x-ndjson")]
    [InlineData("text/csv", "jsonl", "application/x-ndjson")]
    [InlineData("application/x-ndjson", "CSV", "text/csv")]
    [InlineData("application/x-ndjson;q=0.2, text/csv", null, "text/csv")]
    [InlineData("text/csv;q=0.5, application/x-ndjson", null, "application/x-ndjson")]
    [InlineData("text/csv;q=0, */*", null, "application/x-ndjson")]
    [InlineData("application/json", null, "application/x-ndjson")]
    [InlineData(null, null, "application/x-ndjson")]
    public async Task the_format_query_value_wins_over_accept_and_json_lines_is_the_default(string? accept, string? format, string expected)
    {
        var account = await Given.KeyAccount();

        var download = await Given.Export($"/api/accounts/{account}/export" + (format is null ? "" : $"?format={format}"), accept);

        download.ContentType.ShouldStartWith(expected + ";");
        if (expected == "text/csv")
        {
            download.Rows.Count.ShouldBe(2);
            download.Rows[1][3].ShouldBe(nameof(KeyAccountDesignated));
        }
        else
        {
            download.Lines.Single().GetProperty("type").GetString().ShouldBe(nameof(KeyAccountDesignated));
        }
    }

    [Fact]
    public async Task an_unknown_account_or_format_is_a_problem_before_anything_is_streamed()
    {
        var account = await Given.KeyAccount();
        var cast = await Given.KeyAccountWithKamAndDirector();
        var commitment = (await Given.Promise(cast, Discount(cast, 5m, D(10, 1), D(11, 15)))).CommitmentId;

        (await Given.Refused(x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}/export"), 404)).Rule.ShouldBe("not-found");
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{commitment}/export?format=csv"), 404)).Rule.ShouldBe("not-found");
        var format = await Given.Refused(x => x.Get.Url($"/api/accounts/{account}/export?format=xlsx"), 400);
        format.Errors.Keys.ShouldBe(["format"]);
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{account}/export?asOf=yesterday"), 400)).Errors.Keys.ShouldBe(["asOf"]);
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}/export?format=pdf&asOf=2026-13-01"), 400)).Errors.Keys
            .ShouldBe(["asOf"], "an unreadable query value is refused before the endpoint runs");
    }
}
