using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;

namespace Kam.EventStore.Tests.Accounts;

public sealed class ConcurrencyAndIdempotencyTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_retried_post_with_the_same_idempotency_key_replays_the_response_and_appends_once()
    {
        var designation = Scenarios.Designation("Nordic Paper Oy", "FI555");

        var first = await Host.Scenario(x =>
        {
            x.Post.Json(designation).ToUrl("/api/accounts");
            x.WithRequestHeader(IdempotentPosts.Header, "designate-nordic-1");
            x.StatusCodeShouldBe(201);
        });
        var retry = await Host.Scenario(x =>
        {
            x.Post.Json(designation).ToUrl("/api/accounts");
            x.WithRequestHeader(IdempotentPosts.Header, "designate-nordic-1");
            x.StatusCodeShouldBe(201);
        });

        (await retry.ReadAsTextAsync()).ShouldBe(await first.ReadAsTextAsync());
        retry.Context.Response.Headers.Location.ToString().ShouldBe(first.Context.Response.Headers.Location.ToString());
        (await Given.EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task the_same_idempotency_key_on_a_different_request_is_422()
    {
        await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("First Oy", "FI1")).ToUrl("/api/accounts");
            x.WithRequestHeader(IdempotentPosts.Header, "key-1");
            x.StatusCodeShouldBe(201);
        });

        await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Second Oy", "FI2")).ToUrl("/api/accounts");
            x.WithRequestHeader(IdempotentPosts.Header, "key-1");
            x.StatusCodeShouldBe(422);
        });
        (await Given.EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task racing_retries_with_the_same_key_append_once_and_each_gets_the_answer_or_is_told_to_retry()
    {
        var id = await Given.KeyAccount();
        var client = App.CreateClient();
        var body = JsonSerializer.Serialize(new { status = "AtRisk", reason = "Competitor pilot" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/status-changes")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(IdempotentPosts.Header, "status-at-risk-1");
            using var response = await client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        (await Given.EventCount()).ShouldBe(2);
        (await Given.Status(id)).Version.ShouldBe(2);

        // Each racer either got the one answer, or (while the winner was still committing) a 409 saying to retry;
        // a retry after the race gets the winner's answer too.
        var answers = responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Body).Distinct().ToList();
        answers.Count.ShouldBe(1);
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        using var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/status-changes")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        retry.Headers.Add(IdempotentPosts.Header, "status-at-risk-1");
        using var late = await client.SendAsync(retry);
        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await late.Content.ReadAsStringAsync()).ShouldBe(answers[0]);
        (await Given.EventCount()).ShouldBe(2);
    }

    [Fact]
    public async Task of_racing_writers_on_the_same_version_exactly_one_wins_and_the_rest_get_409()
    {
        var id = await Given.KeyAccount();
        var client = App.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var body = JsonSerializer.Serialize(new { name = $"Contender {i}", version = 1 });
            using var response = await client.PostAsync($"/api/accounts/{id}/renames", new StringContent(body, Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(7);
        (await Given.EventCount()).ShouldBe(2);
        (await Given.Status(id)).Version.ShouldBe(2);
    }
}
