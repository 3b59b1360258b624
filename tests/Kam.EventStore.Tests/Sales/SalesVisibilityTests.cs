using System.Text.Json;
using Alba;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>
/// Who sees what of a negotiation: our mandate only writers and above, wherever event data is shown; and the customer's
/// people appear in sales records by id only, so erasing a stakeholder leaves nothing of them there.
/// </summary>
public sealed class SalesVisibilityTests(AppFixture app) : ApiTest(app)
{
    private const string WalkAway = "At most 8% discount";

    private async Task<string> Read(string url, params string[] roles)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.As("someone@example.com", roles);
            x.StatusCodeShouldBe(200);
        });
        return await result.ReadAsTextAsync();
    }

    [Fact]
    public async Task the_mandate_is_shown_to_writers_and_left_out_for_readers_in_the_negotiation_its_lineage_the_changes_and_the_export()
    {
        var start = AppFixture.Start;
        var cast = await Given.SalesAccount();
        var negotiation = await Given.OpenNegotiation(cast, Negotiation(cast, await Given.Open(cast, Opportunity(cast))));
        var from = Uri.EscapeDataString(start.AddSeconds(-1).ToString("O"));

        foreach (var url in new[]
        {
            $"/api/negotiations/{negotiation}", $"/api/accounts/{cast.AccountId}/changes?from={from}&limit=200",
            $"/api/accounts/{cast.AccountId}/export?format=jsonl", $"/api/accounts/{cast.AccountId}/export?format=csv",
        })
        {
            (await Read(url, Roles.Writer)).ShouldContain(WalkAway, customMessage: $"a writer sees the mandate in {url}");
            (await Read(url, Roles.Admin)).ShouldContain(WalkAway, customMessage: $"an admin sees the mandate in {url}");
            var forReader = await Read(url, Roles.Reader);
            forReader.ShouldNotContain(WalkAway, customMessage: $"a reader does not see the mandate in {url}");
            forReader.ShouldNotContain("mandate", Case.Insensitive, $"nor that it exists in {url}");
            (await Read(url, Roles.Approver)).ShouldNotContain(WalkAway, customMessage: $"an approver is no writer: {url}");
        }

        // The rest of the negotiation is the same for everyone.
        var reader = JsonSerializer.Deserialize<JsonElement>(await Read($"/api/negotiations/{negotiation}", Roles.Reader));
        var writer = JsonSerializer.Deserialize<JsonElement>(await Read($"/api/negotiations/{negotiation}", Roles.Writer));
        reader.GetProperty("negotiation").GetRawText().ShouldBe(writer.GetProperty("negotiation").GetRawText());
        writer.GetProperty("mandate").GetProperty("walkAwayLimit").GetString().ShouldBe(WalkAway);
        reader.TryGetProperty("mandate", out _).ShouldBeFalse();
        reader.GetProperty("lineage")[0].GetProperty("data").GetProperty("subject").GetString().ShouldBe("Price and terms of the maintenance contract");

        // The timeline and the whole-account view never carry it.
        (await Read($"/api/accounts/{cast.AccountId}/timeline", Roles.Writer)).ShouldNotContain(WalkAway);
        (await Read($"/api/accounts/{cast.AccountId}/view", Roles.Writer)).ShouldNotContain(WalkAway);
    }

    [Fact]
    public async Task sales_records_hold_stakeholders_by_id_so_an_erasure_leaves_nothing_of_them_there()
    {
        var cast = await Given.SalesAccount();
        var opportunity = await Given.Open(cast, Opportunity(cast));
        var negotiation = await Given.OpenNegotiation(cast, Negotiation(cast, opportunity));
        var concession = await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions", Discount(4m, new DateOnly(2026, 5, 4)), 200, Anna);
        var granted = await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions/{concession.ConcessionId}/grant", new GrantConcession(), 200, Anna);

        await Host.Scenario(x =>
        {
            x.Post.Json(new EraseStakeholderPersonalData { Reason = "Erasure request GDPR-2026-077" })
                .ToUrl($"/api/accounts/{cast.AccountId}/stakeholders/{cast.Maria}/erasure");
            x.StatusCodeShouldBe(200);
        });

        var export = await Read($"/api/accounts/{cast.AccountId}/export?format=jsonl", Roles.Reader);
        foreach (var personal in new[] { "Maria", "Korhonen", "maria.korhonen@customer.example" })
        {
            export.ShouldNotContain(personal);
        }

        // The facts stay: she is still the stakeholder involved, at the table, and the one the concession was promised to.
        (await Host.GetAsJson<SalesRecord<Opportunity>>($"/api/opportunities/{opportunity}"))!.Record.StakeholderIds.ShouldBe([cast.Maria]);
        (await Host.GetAsJson<NegotiationWithLineage>($"/api/negotiations/{negotiation}"))!.Negotiation.StakeholderIds.ShouldBe([cast.Maria]);
        (await Host.GetAsJson<Kam.EventStore.Commitments.CommitmentWithLineage>($"/api/commitments/{granted.CommitmentId}"))!.Commitment.MadeTo.ShouldBe([cast.Maria]);
    }
}
