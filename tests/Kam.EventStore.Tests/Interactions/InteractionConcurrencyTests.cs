using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using Kam.EventStore.Interactions;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;

namespace Kam.EventStore.Tests.Interactions;

public sealed class InteractionConcurrencyTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_retried_recording_with_the_same_idempotency_key_records_one_interaction()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var meeting = Meeting(DaysAgo(1), ["anna@example.com"], [maria]);
        var before = await Given.EventCount();

        async Task<IScenarioResult> Send() => await Host.Scenario(x =>
        {
            x.Post.Json(meeting).ToUrl($"/api/accounts/{account}/interactions");
            x.WithRequestHeader(IdempotentPosts.Header, "meeting-1");
            x.StatusCodeShouldBe(201);
        });

        var first = await Send();
        var retry = await Send();

        (await retry.ReadAsTextAsync()).ShouldBe(await first.ReadAsTextAsync());
        (await Given.EventCount()).ShouldBe(before + 1);
        (await Given.Timeline(account, "kinds=InteractionRecorded")).Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task of_corrections_racing_on_the_same_version_exactly_one_wins_and_the_rest_get_409()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(3), ["anna@example.com"], [maria]);
        var client = App.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var body = JsonSerializer.Serialize(new { subject = $"Contender {i}", reason = "Mine is right", version = 1 });
            using var response = await client.PostAsync(
                $"/api/accounts/{account}/interactions/{id}/corrections", new StringContent(body, Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(7);
        var record = await Given.InteractionRecord(account, id);
        record.Version.ShouldBe(2);
        (await Given.Timeline(account, "kinds=InteractionCorrected")).Items.Single().Title.ShouldContain(record.Details.Subject);
    }
}
