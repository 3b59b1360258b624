using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.History;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Reviews;

/// <summary>An issued review everywhere else: the timeline, the changes, the audit export.</summary>
public sealed class ReviewsEverywhereTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task an_issued_review_shows_on_the_timeline_in_the_changes_and_in_the_export()
    {
        var account = await Given.KeyAccount();
        await Given.Stakeholder(account, "Maria Korhonen", new DateOnly(2026, 3, 1));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = App.Clock.Now;
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var review = await Given.Review(account, new IssueAccountReview { On = new DateOnly(2026, 9, 30), Commentary = "Third quarter on plan." });

        var timeline = (await Host.GetAsJson<JsonElement>($"/api/accounts/{account}/timeline")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("title").GetString()).ToList();
        timeline.ShouldContain("Management review of 2026-09-30 issued (health formula version 0)");

        var changes = (await Host.GetAsJson<AccountChanges>($"/api/accounts/{account}/changes?from={HistoryScenarios.At(before)}"))!;
        changes.Events.Select(e => e.Type).ShouldBe([nameof(AccountReviewIssued)]);

        var exported = (await Given.Export($"/api/accounts/{account}/export?format=jsonl")).Lines.ToList();
        var issued = exported.Single(l => l.GetProperty("type").GetString() == nameof(AccountReviewIssued));
        issued.GetProperty("data").GetProperty("contentSha256").GetString().ShouldBe(review.ContentSha256);
        exported.Count.ShouldBe((await Given.SequencesOfAccount(account)).Count);
    }
}
