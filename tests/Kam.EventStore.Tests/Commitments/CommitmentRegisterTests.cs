using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Commitments;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Commitments;

/// <summary>
/// The register as it stands is read in SQL and written from the stored rows; as recorded at an instant it is folded from
/// the events and filtered in memory. Read as of the last instant, both describe the same record, so every filter must pick
/// the same commitments and every commitment must read the same, member for member.
/// </summary>
public sealed class CommitmentRegisterTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task every_filter_of_the_register_now_picks_and_writes_what_the_register_as_of_now_does()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var overdue = await Given.Promise(cast, Discount(cast, 5m, D(10, 1), D(10, 20)));
        await Given.Promise(cast, Discount(cast, 20m, D(10, 2), D(11, 30)));
        await Given.Promise(cast, Discount(cast, 5m, D(10, 3), D(11, 20)) with { MadeBy = Ben });
        var withdrawn = await Given.Promise(cast, Discount(cast, 4m, D(10, 4), D(12, 1)) with { Kind = CommitmentKind.DeliveryDate, DiscountPercent = null, Description = "Kit delivered by 1 December" });
        await Given.OnCommitment(withdrawn.CommitmentId, "withdrawal", new WithdrawCommitment { WithdrawnOn = D(10, 10), Reason = "Superseded", AgreedWithCustomer = true });
        var handedOver = await Given.Promise(cast, Discount(cast, 3m, D(10, 5), D(11, 25)));
        await Given.OnCommitment(handedOver.CommitmentId, "owner-reassignments", new ReassignCommitmentOwner { Owner = Ben, Reason = "Handover" });
        var kept = await Given.Promise(cast, Discount(cast, 2m, D(10, 6), D(11, 5)));
        await Given.OnCommitment(kept.CommitmentId, "fulfilment", new FulfilCommitment { FulfilledOn = D(10, 30), Evidence = "Price list signed" });
        App.Clock.Now = new DateTimeOffset(2026, 11, 11, 1, 0, 0, TimeSpan.Zero);
        await Given.CheckDue(overdue.CommitmentId, D(10, 20));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var asOf = Uri.EscapeDataString(App.Clock.Now.ToString("O"));

        string[] queries =
        [
            "", "status=InForce", "status=PendingApproval", "status=Withdrawn", "status=Fulfilled", "open=true", "open=false",
            "overdue=true", "overdue=false", $"owner={Anna}", $"owner={Ben}", "kind=DeliveryDate", "kind=PriceOrDiscount",
            "dueFrom=2026-11-01", "dueTo=2026-11-15", "dueFrom=2026-11-15&dueTo=2026-11-26", "unacknowledged=true",
            $"open=true&kind=PriceOrDiscount&owner={Anna}",
        ];
        var all = await ItemsAsync(cast.AccountId, "");
        all.Count.ShouldBe(6);
        foreach (var query in queries)
        {
            var now = await ItemsAsync(cast.AccountId, query);
            var recorded = await ItemsAsync(cast.AccountId, query.Length == 0 ? $"asOf={asOf}" : $"{query}&asOf={asOf}");
            now.Select(Id).ShouldBe(recorded.Select(Id), ignoreOrder: true, customMessage: query);
            if (query.Length > 0)
            {
                now.Count.ShouldBeInRange(1, all.Count - 1, $"{query} picks some, not all: the filter is exercised");
            }

            foreach (var item in now)
            {
                var same = recorded.Single(r => Id(r) == Id(item));
                JsonNode.DeepEquals(item, same).ShouldBeTrue($"{query}: {item.ToJsonString()} against {same.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task pages_of_the_register_go_on_from_their_cursor_and_end_without_one()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var made = new List<Guid>();
        for (var day = 1; day <= 5; day++)
        {
            made.Add((await Given.Promise(cast, Discount(cast, day, D(10, day), D(12, day)))).CommitmentId);
        }

        var read = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Given.Register(cast.AccountId, $"?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            read.AddRange(page.Items.Select(c => c.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        read.ShouldBe(made, ignoreOrder: true);
        read.Distinct().Count().ShouldBe(5);
    }

    private static Guid Id(JsonNode item) => item["id"]!.GetValue<Guid>();

    private async Task<List<JsonNode>> ItemsAsync(Guid accountId, string query)
    {
        var page = JsonNode.Parse(await Host.GetAsText($"/api/accounts/{accountId}/commitments?limit=200{(query.Length == 0 ? "" : "&" + query)}"))!;
        page["next"].ShouldBeNull();
        return [.. page["items"]!.AsArray().Select(i => i!)];
    }
}
