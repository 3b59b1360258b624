using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.History;
using Kam.EventStore.Tests.Sales;
using Marten;
using Microsoft.Net.Http.Headers;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Accounts;

/// <summary>
/// The status answer now is kept as sent (<see cref="StatusAnswers"/>): the next reads send it as it is, until a document it
/// shows is written or the clock reaches what it shows (the end of the day, an interaction leaving its window).
/// </summary>
public sealed class StatusAnswerTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_kept_answer_is_sent_until_a_document_it_shows_changes_or_the_day_ends()
    {
        var cast = await Given.SalesAccount();
        var url = $"/api/accounts/{cast.AccountId}";
        var first = await Read(url);
        var kept = await KeptAt(cast.AccountId);
        kept.ShouldNotBeNull().ShownAt.ShouldBe(App.Clock.GetUtcNow());
        kept.HoldsUntil.ShouldBe(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero), "nothing counted in a window: the end of the day");

        // An hour later nothing it shows has changed: the same bytes, from the kept answer (not shown again).
        App.Clock.Advance(TimeSpan.FromHours(1));
        (await Read(url)).ShouldBe(first);
        (await KeptAt(cast.AccountId))!.ShownAt.ShouldBe(kept.ShownAt);

        // Each document the answer shows, written: the next read shows the change.
        await Given.Change(cast.AccountId, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Tender lost" });
        var afterStatus = await Given.Status(cast.AccountId);
        afterStatus.Status.ShouldBe(AccountHealth.AtRisk);
        var etag = await ETag(url);
        etag.ShouldBe($"\"{afterStatus.Version}\"");

        var meeting = DaysAgo(10);
        await Given.Meeting(cast.AccountId, meeting, [Anna], [cast.Maria], "Price review");
        var afterMeeting = await Given.Status(cast.AccountId);
        afterMeeting.Interactions.ShouldNotBeNull().InteractionsLast30Days.ShouldBe(1);
        (await KeptAt(cast.AccountId))!.HoldsUntil.ShouldBe(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero), "the meeting stays counted past today");

        (await Given.Status(cast.AccountId)).Sales.ShouldBeNull();
        await Given.SetBudget(cast);
        (await Given.Status(cast.AccountId)).Sales.ShouldNotBeNull().Budget.ShouldBe(2_400_000m);

        // The next day the answer is shown again (the sales period is chosen by date), and kept again.
        var beforeMidnight = await Read(url);
        App.Clock.Advance(TimeSpan.FromDays(1));
        (await Read(url)).ShouldBe(beforeMidnight, "nothing it shows changed overnight");
        (await KeptAt(cast.AccountId))!.ShownAt.ShouldBe(App.Clock.GetUtcNow());

        // Thirty days after the meeting it leaves "the last 30 days", in the middle of a day: the answer holds until that instant.
        App.Clock.Advance(meeting.AddDays(30) - App.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        (await Given.Status(cast.AccountId)).Interactions!.InteractionsLast30Days.ShouldBe(1);
        (await KeptAt(cast.AccountId))!.HoldsUntil.ShouldBe(meeting.AddDays(30));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await Given.Status(cast.AccountId)).Interactions!.InteractionsLast30Days.ShouldBe(0);
        (await Given.Status(cast.AccountId)).Interactions!.InteractionsLast90Days.ShouldBe(1);
    }

    [Fact]
    public async Task a_kept_answer_is_the_answer_shown_now_byte_for_byte()
    {
        var cast = await Given.SalesAccount();
        await Given.SetBudget(cast);
        await Given.Meeting(cast.AccountId, DaysAgo(3), [Anna], [cast.Maria], "Price review");
        var url = $"/api/accounts/{cast.AccountId}";
        var now = Uri.EscapeDataString(App.Clock.GetUtcNow().ToString("O"));

        var shown = await Read(url);
        var kept = await Read(url);
        kept.ShouldBe(shown);
        // The past path shows the same status through the views, serialized by the endpoint: the kept bytes are its bytes.
        (await Read($"{url}?asOf={now}")).ShouldBe(kept);
    }

    [Fact]
    public async Task a_list_item_is_the_kept_status_answer_with_its_health_band_and_a_list_keeps_the_answers_it_shows()
    {
        var cast = await Given.SalesAccount();
        await Given.SetBudget(cast);
        await Given.Meeting(cast.AccountId, DaysAgo(3), [Anna], [cast.Maria], "Price review");
        var other = await Given.KeyAccount("Baltic Board AB", AccountTier.Strategic);
        await Given.CheckpointsCaughtUp();

        // The list is read first: it shows both answers and keeps them; the status reads then send what it kept.
        var list = System.Text.Json.Nodes.JsonNode.Parse(await Read("/api/accounts"))!["items"]!.AsArray();
        (await KeptAt(cast.AccountId)).ShouldNotBeNull();
        (await KeptAt(other)).ShouldNotBeNull();
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await Read("/api/accounts")).ShouldBe(await Read("/api/accounts"));
        (await KeptAt(other))!.ShownAt.ShouldBe(App.Clock.GetUtcNow() - TimeSpan.FromMinutes(5), "the second list read sent the kept answers");

        foreach (var item in list)
        {
            var id = item!["id"]!.GetValue<Guid>();
            item["health"].ShouldNotBeNull("the health row is kept by the daemon, caught up above");
            item["health"]!["band"].ShouldNotBeNull();
            if (id == other)
            {
                item["sales"].ShouldBeNull("no budget covers today");
            }

            var status = System.Text.Json.Nodes.JsonNode.Parse(await Read($"/api/accounts/{id}"))!.AsObject();
            status["health"].ShouldBeNull("the status answer leaves the band to the list and the health read");
            status["health"] = item["health"]!.DeepClone();
            System.Text.Json.Nodes.JsonNode.DeepEquals(status, item).ShouldBeTrue($"the list item of {id} is its status answer with its band");
        }

        list.Single(i => i!["id"]!.GetValue<Guid>() == cast.AccountId)!["sales"]!["budget"]!.GetValue<decimal>().ShouldBe(2_400_000m);
    }

    /// <summary>
    /// <see cref="AccountActivities.ShownUntil"/> against <see cref="AccountActivities.Show(ContactTally, DateTimeOffset, LastInteraction?)"/>:
    /// before the instant it gives, the activity shown is the same at every instant; at it, a window has lost an interaction.
    /// </summary>
    [Fact]
    public void the_contact_activity_holds_until_an_interaction_leaves_a_window_and_no_longer()
    {
        var random = new Random(20261203);
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        for (var round = 0; round < 500; round++)
        {
            var latest = Enumerable.Range(0, random.Next(0, 6))
                .Select(_ => new ContactEntry(Guid.NewGuid(), start.AddMinutes(random.Next(-200 * 24 * 60, 5)), InteractionKind.Meeting, "s"))
                .OrderByDescending(c => c.HappenedAt)
                .ToList();
            var instant = start.AddMinutes(random.Next(0, 60 * 24 * 30));
            var shown = Show(latest, instant);
            var until = AccountActivities.ShownUntil(latest, instant);
            until.ShouldBeGreaterThan(instant);
            if (until == DateTimeOffset.MaxValue)
            {
                latest.ShouldAllBe(c => c.HappenedAt <= instant.AddDays(-90));
                Show(latest, instant.AddDays(400)).ShouldBe(shown);
                continue;
            }

            foreach (var fraction in new[] { 0.0, 0.3, 0.9, 0.999999 })
            {
                Show(latest, instant + ((until - instant) * fraction)).ShouldBe(shown);
            }

            Show(latest, until - TimeSpan.FromTicks(1)).ShouldBe(shown);
            Show(latest, until).ShouldNotBe(shown);
        }
    }

    private static (int Last30, int Last90) Show(IReadOnlyList<ContactEntry> latest, DateTimeOffset instant)
    {
        var activity = AccountActivities.Show(latest, 0, [], instant);
        return (activity.InteractionsLast30Days, activity.InteractionsLast90Days);
    }

    private async Task<string> Read(string url)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.StatusCodeShouldBe(200);
            x.ContentTypeShouldBe("application/json; charset=utf-8");
        });
        return await result.ReadAsTextAsync();
    }

    private async Task<string?> ETag(string url)
    {
        var result = await Host.Scenario(x => x.Get.Url(url));
        return result.Context.Response.Headers[HeaderNames.ETag].ToString();
    }

    private sealed record Kept(DateTimeOffset ShownAt, DateTimeOffset HoldsUntil);

    private async Task<Kept?> KeptAt(Guid accountId)
    {
        await using var session = App.Store.QuerySession();
        var rows = await session.QueryAsync<Kept>(
            $"select jsonb_build_object('ShownAt', shown_at, 'HoldsUntil', holds_until) from {StatusAnswers.TableName} where id = ?", accountId);
        return rows.SingleOrDefault();
    }
}
