using System.Text.Json;
using Alba;
using Kam.EventStore.Commitments;
using Kam.EventStore.Tests.Commitments;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.History;

/// <summary>An auditor downloads one promise's history: who made, approved and amended it, when, and under which check.</summary>
public sealed class ExportCommitmentEventsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_commitments_export_holds_its_stream_in_order_as_its_lineage_shows_it_and_nothing_else()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var made = await Given.Promise(cast, Discount(cast, 15m, D(10, 1), D(11, 15)));
        var other = await Given.Promise(cast, Discount(cast, 5m, D(10, 2), D(11, 30)));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await Given.OnCommitment(made.CommitmentId, "approval", new ApproveCommitment { Note = "Strategic renewal" }, caller: Director);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await Given.OnCommitment(made.CommitmentId, "amendments", new AmendCommitment { DueOn = D(11, 20), Reason = "Customer's budget year" });

        var download = await Given.Export($"/api/commitments/{made.CommitmentId}/export");

        download.ContentDisposition.ShouldBe($"attachment; filename=commitment-{made.CommitmentId}-events.jsonl");
        var lines = download.Lines;
        var lineage = (await Host.GetAsJson<JsonElement>($"/api/commitments/{made.CommitmentId}")).GetProperty("lineage").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("type").GetString()).ShouldBe([nameof(CommitmentMade), nameof(CommitmentApproved), nameof(CommitmentAmended)]);
        lines.Select(l => (l.GetProperty("type").GetString(), l.GetProperty("version").GetInt64(), l.GetProperty("sequence").GetInt64(), l.GetProperty("recordedBy").GetString(), l.GetProperty("correlationId").GetString()))
            .ShouldBe(lineage.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("version").GetInt64(), e.GetProperty("sequence").GetInt64(), e.GetProperty("recordedBy").GetString(), e.GetProperty("correlationId").GetString())));
        lines.ShouldAllBe(l => l.GetProperty("streamId").GetGuid() == made.CommitmentId);
        lines[1].GetProperty("recordedBy").GetString().ShouldBe(Director);
        lines[1].GetProperty("recordedAt").GetString().ShouldBe("2026-11-02T09:01:00+00:00");
        lines[0].GetProperty("data").GetProperty("check").GetProperty("maxDiscountPercent").GetDecimal().ShouldBe(10m);
        lines[2].GetProperty("data").GetProperty("reason").GetString().ShouldBe("Customer's budget year");

        var csv = await Given.Export($"/api/commitments/{made.CommitmentId}/export?asOf=2026-11-02T09:01:00Z", accept: "text/csv");
        csv.ContentDisposition.ShouldBe($"attachment; filename=commitment-{made.CommitmentId}-events.csv");
        csv.Rows.Skip(1).Select(r => (r[3], r[2], r[6])).ShouldBe([(nameof(CommitmentMade), "1", AppFixture.DefaultUser), (nameof(CommitmentApproved), "2", Director)]);

        (await Given.Export($"/api/commitments/{other.CommitmentId}/export")).Lines.Single().GetProperty("streamId").GetGuid().ShouldBe(other.CommitmentId);
    }

    [Fact]
    public async Task an_unknown_commitment_or_format_is_a_problem()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var made = await Given.Promise(cast, Discount(cast, 5m, D(10, 1), D(11, 15)));

        (await Given.Refused(x => x.Get.Url($"/api/commitments/{Guid.NewGuid()}/export"), 404)).Rule.ShouldBe("not-found");
        (await Given.Refused(x => x.Get.Url($"/api/commitments/{cast.AccountId}/export"), 404)).Rule.ShouldBe("not-found");
        (await Given.Refused(x => x.Get.Url($"/api/commitments/{made.CommitmentId}/export?format=json"), 400)).Errors.Keys.ShouldBe(["format"]);
        (await Given.Refused(x => x.Get.Url($"/api/commitments/{made.CommitmentId}/export?asOf=soon"), 400)).Errors.Keys.ShouldBe(["asOf"]);
    }
}
