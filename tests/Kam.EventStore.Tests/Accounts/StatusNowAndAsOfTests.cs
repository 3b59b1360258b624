using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Interactions;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.History;
using Kam.EventStore.Tests.Interactions;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Accounts;

/// <summary>
/// "Now" is "as of" at the tip: the status and the list read now (the stored documents) answer exactly what the same reads
/// answer as of the current instant (the account views from their checkpoints), figures that move with the clock included.
/// </summary>
public sealed class StatusNowAndAsOfTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_status_and_the_list_now_equal_the_same_reads_as_of_the_current_instant()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var other = await Given.KeyAccount("Baltic Board AB", AccountTier.Strategic);
        await Given.Change(other, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Tender lost" });
        var meeting = await Given.Meeting(cast.AccountId, DaysAgo(40), [Anna], [cast.Cfo], "Quarterly review");
        await Given.Meeting(cast.AccountId, DaysAgo(3), [Anna], [cast.Cfo], "Price review");
        await Given.Correct(cast.AccountId, meeting, new CorrectInteraction { HappenedAt = DaysAgo(100), Reason = "Wrong date" });
        var wrong = await Given.Meeting(cast.AccountId, DaysAgo(1), [Anna], [cast.Cfo], "Wrong account");
        await Given.Retract(cast.AccountId, wrong);
        var kept = await Given.Promise(cast, Discount(cast, 5m, D(10, 20), D(12, 31)));
        await Given.OnCommitment(kept.CommitmentId, "fulfilment", new FulfilCommitment { FulfilledOn = D(10, 30), Evidence = "Invoice 4711" });
        await Given.Promise(cast, Discount(cast, 20m, D(10, 21), D(12, 1)));
        // The list now reads each account's health row, which the daemon builds after the writes (an asynchronous projection).
        await Given.CheckpointsCaughtUp();
        App.Clock.Advance(TimeSpan.FromDays(20));
        var now = Uri.EscapeDataString(App.Clock.GetUtcNow().ToString("O"));

        foreach (var account in new[] { cast.AccountId, other })
        {
            var current = await Text($"/api/accounts/{account}");
            (await Text($"/api/accounts/{account}?asOf={now}")).ShouldBe(current);
        }

        var status = await Given.Status(cast.AccountId);
        status.Interactions.ShouldNotBeNull().InteractionsLast30Days.ShouldBe(1, "the price review, 23 days back; the quarterly review was moved to 120 days back");
        status.Interactions.InteractionsLast90Days.ShouldBe(1);
        status.Commitments.ShouldNotBeNull().Fulfilled.ShouldBe(1);
        status.Commitments.PendingApproval.ShouldBe(1);

        foreach (var filter in new[] { "", "tier=Strategic", "status=AtRisk", "q=paper", "q=PAPER&tier=Key", "limit=1", "includeEnded=true" })
        {
            var current = await Text($"/api/accounts?{filter}");
            (await Text($"/api/accounts?{filter}&asOf={now}")).ShouldBe(current, filter);
        }
    }

    [Fact]
    public async Task when_every_interaction_the_status_keeps_was_retracted_the_last_one_comes_from_the_records_now_and_as_of()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var interactions = new List<Guid>();
        for (var i = 0; i <= ContactTally.Keep; i++)
        {
            interactions.Add(await Given.Meeting(account, DaysAgo(200 - i), ["anna@example.com"], [maria], $"Meeting {i}"));
        }

        foreach (var newest in interactions.Skip(1))
        {
            await Given.Retract(account, newest);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var activity = await Given.Activity(account);
        activity.LastInteraction.ShouldBe(new LastInteraction(interactions[0], DaysAgo(200), InteractionKind.Meeting, "Meeting 0"));
        activity.InteractionsLast90Days.ShouldBe(0);
        var asOf = Uri.EscapeDataString(App.Clock.GetUtcNow().ToString("O"));
        (await Host.GetAsJson<AccountStatus>($"/api/accounts/{account}?asOf={asOf}"))!.Interactions.ShouldBeEquivalentTo(activity);
    }

    [Fact]
    public async Task interactions_recorded_at_the_same_time_on_one_account_are_all_counted()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        await Given.Colleagues("anna@example.com");
        var client = App.CreateClient();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var body = JsonSerializer.Serialize(Meeting(DaysAgo(i + 1), ["anna@example.com"], i % 2 == 0 ? [maria] : [maria, olli], $"Meeting {i}"), Json);
            using var response = await client.PostAsync(
                new Uri($"/api/accounts/{account}/interactions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        statuses.ShouldAllBe(s => s == HttpStatusCode.Created);
        var activity = await Given.Activity(account);
        activity.InteractionsLast30Days.ShouldBe(8);
        activity.DistinctStakeholdersMet.ShouldBe(2);
        activity.LastInteraction.ShouldNotBeNull().Subject.ShouldBe("Meeting 0");

        // The tallies hold the counts of every participation: retracting all but one leaves exactly that one.
        var records = (await Given.WholeTimeline(account, "kinds=InteractionRecorded")).Select(e => e.EntryId).ToList();
        foreach (var id in records.Skip(1))
        {
            await Given.Retract(account, id);
        }

        var left = await Given.Activity(account);
        left.InteractionsLast30Days.ShouldBe(1);
        left.LastInteraction.ShouldNotBeNull().Subject.ShouldBe("Meeting 0");
        left.DistinctStakeholdersMet.ShouldBe(1, "Meeting 0 met Maria alone");
    }

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Kam.EventStore.Api.Json.Configure(options);
        return options;
    }

    private async Task<string> Text(string url)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.StatusCodeShouldBe(200);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!.ToJsonString();
    }
}
