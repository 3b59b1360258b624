using System.Net.Http.Headers;
using Alba;
using Kam.EventStore.Reviews;

namespace Kam.EventStore.Tests.Reviews;

/// <summary>"Given" helpers of reviews; they drive the public HTTP API.</summary>
public static class ReviewScenarios
{
    public static async Task<AccountReviewCreated> Review(this Scenarios given, Guid accountId, IssueAccountReview review)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(review).ToUrl($"/api/accounts/{accountId}/reviews");
            x.StatusCodeShouldBe(201);
        });
        return await result.ReadAsJsonAsync<AccountReviewCreated>();
    }

    /// <summary>The review as downloaded: its exact bytes and the headers that come with them.</summary>
    public static async Task<(byte[] Bytes, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)> Download(this Scenarios given, Guid reviewId)
    {
        using var client = given.App.CreateClient();
        using var response = await client.GetAsync(new Uri($"/api/account-reviews/{reviewId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(), response.Headers, response.Content.Headers);
    }

    public static async Task<ReviewVerification> Verification(this Scenarios given, Guid reviewId) =>
        (await given.App.Host.GetAsJson<ReviewVerification>($"/api/account-reviews/{reviewId}/verification"))!;
}
