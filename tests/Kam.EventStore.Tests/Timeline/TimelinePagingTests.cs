using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Timeline;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;

namespace Kam.EventStore.Tests.Timeline;

public sealed class TimelinePagingTests(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("order=desc")]
    [InlineData("order=asc")]
    public async Task paging_while_events_arrive_and_corrections_move_entries_never_skips_or_repeats_an_entry(string order)
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        var meetings = new List<Guid>();
        for (var day = 40; day >= 2; day -= 2)
        {
            meetings.Add(await Given.Meeting(account, DaysAgo(day), ["anna@example.com"], [day % 4 == 0 ? maria : olli], $"Meeting {day} days ago"));
        }

        var before = await Given.WholeTimeline(account, order);
        before.Count.ShouldBe(24);

        var first = await Given.Timeline(account, $"{order}&limit=5");
        var read = first.Items.ToList();
        var next = first.Next;
        var round = 0;
        while (next is not null)
        {
            // Time passes between pages, and the account moves on: new facts in the part already read and the part still
            // unread, an interaction moved from one part to the other, one retracted, and a status change.
            App.Clock.Advance(TimeSpan.FromMinutes(10));
            round++;
            await Given.Meeting(account, DaysAgo(41 + round), ["anna@example.com"], [maria], $"Backdated {round}");
            await Given.Meeting(account, AppFixture.Start.AddMinutes(round), ["anna@example.com"], [olli], $"Just now {round}");
            if (round == 1)
            {
                await Given.Correct(account, meetings[0], new CorrectInteraction { HappenedAt = DaysAgo(1), Reason = "It was yesterday" });
                await Given.Correct(account, meetings[^1], new CorrectInteraction { HappenedAt = DaysAgo(45), Reason = "It was long ago" });
                await Given.Retract(account, meetings[10]);
                await Given.Change(account, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Quiet", OccurredAt = DaysAgo(20) });
            }

            var page = await Given.Timeline(account, $"limit=5&cursor={next}");
            page.AsOf.ShouldBe(first.AsOf);
            read.AddRange(page.Items);
            next = page.Next;
        }

        round.ShouldBe(4);
        read.Select(Key).ShouldBe(before.Select(Key), "the pages read together are the timeline as it was when the first page was read");

        // A new read sees the new state: every entry once, the corrected ones where they now belong.
        var after = await Given.WholeTimeline(account, order + "&limit=7");
        after.Select(e => e.EntryId).ShouldBeUnique();
        after.Single(e => e.EntryId == meetings[0]).BusinessTime.ShouldBe(DaysAgo(1));
        after.Single(e => e.EntryId == meetings[10]).Retracted.ShouldBeTrue();
        after.Count.ShouldBe(before.Count + (2 * round) + 4);
    }

    [Fact]
    public async Task pages_of_a_view_as_of_a_time_keep_that_view_and_a_cursor_cannot_be_reused_for_an_earlier_one()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        for (var day = 10; day >= 1; day--)
        {
            await Given.Meeting(account, DaysAgo(day), ["anna@example.com"], [maria], $"Meeting {day}");
        }

        var asOf = Uri.EscapeDataString(AppFixture.Start.ToString("O"));
        App.Clock.Advance(TimeSpan.FromDays(1));
        await Given.Meeting(account, DaysAgo(5).AddHours(1), ["anna@example.com"], [maria], "Recorded the next day");

        var pages = await Given.WholeTimeline(account, $"asOf={asOf}&limit=3");
        pages.Count.ShouldBe(14);
        pages.ShouldNotContain(e => e.Title.Contains("next day", StringComparison.Ordinal));

        var first = await Given.Timeline(account, $"asOf={asOf}&limit=3");
        var earlier = Uri.EscapeDataString(AppFixture.Start.AddDays(-1).ToString("O"));
        await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{account}/timeline?asOf={earlier}&cursor={first.Next}");
            x.StatusCodeShouldBe(400);
        });
    }

    private static (Guid, int, DateTimeOffset, string) Key(TimelineEntry e) => (e.EntryId, e.Revision, e.BusinessTime, e.Title);
}
