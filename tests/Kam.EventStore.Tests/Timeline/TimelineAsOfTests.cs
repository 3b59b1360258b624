using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Tests.Interactions;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;

namespace Kam.EventStore.Tests.Timeline;

/// <summary>"What did our records say on date X": the timeline as of a recorded time, before and after a correction and a retraction.</summary>
public sealed class TimelineAsOfTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset Monday = AppFixture.Start;
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);
    private static readonly DateTimeOffset Wednesday = Monday.AddDays(2);

    [Fact]
    public async Task the_timeline_as_of_a_time_shows_what_had_been_recorded_by_then_as_it_read_then()
    {
        // Monday: the meeting of last week is recorded, with Maria and Olli.
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        var meeting = await Given.Meeting(account, DaysAgo(5), ["anna@example.com"], [maria, olli], "Price review 2027");

        // Tuesday: it turns out it was the day before, without Olli; and the account is judged at risk.
        App.Clock.Now = Tuesday;
        await Given.Correct(account, meeting, new CorrectInteraction
        {
            HappenedAt = DaysAgo(6), TheirParticipants = [maria], Subject = "Price review", Reason = "Wrong day; Olli was not there",
        });
        await Given.Change(account, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Price dispute" });

        // Wednesday: it was not with this customer at all.
        App.Clock.Now = Wednesday;
        await Given.Retract(account, meeting, "Recorded on the wrong account");

        async Task<List<Kam.EventStore.Timeline.TimelineEntry>> AsOf(DateTimeOffset at, string filter = "") =>
            await Given.WholeTimeline(account, $"asOf={Uri.EscapeDataString(at.ToString("O"))}{filter}");

        var before = await AsOf(Monday.AddDays(-1));
        before.ShouldBeEmpty();

        var monday = await AsOf(Monday.AddHours(12));
        var original = monday.Single(e => e.EntryId == meeting);
        original.ShouldSatisfyAllConditions(
            e => e.Revision.ShouldBe(1),
            e => e.Title.ShouldBe("Meeting: Price review 2027, with Maria Korhonen and Olli Laine"),
            e => e.BusinessTime.ShouldBe(DaysAgo(5)),
            e => e.RecordedAt.ShouldBe(Monday),
            e => e.Retracted.ShouldBeFalse());
        monday.ShouldNotContain(e => e.Kind == "InteractionCorrected" || e.Kind == "AccountStatusChanged");
        (await AsOf(Monday.AddHours(12), $"&stakeholder={olli}")).Select(e => e.Kind).ShouldBe(["InteractionRecorded", "StakeholderAdded"]);

        var tuesday = await AsOf(Tuesday);
        var corrected = tuesday.Single(e => e.EntryId == meeting);
        corrected.ShouldSatisfyAllConditions(
            e => e.Revision.ShouldBe(2),
            e => e.Title.ShouldBe("Meeting: Price review, with Maria Korhonen"),
            e => e.BusinessTime.ShouldBe(DaysAgo(6)),
            e => e.RecordedAt.ShouldBe(Tuesday),
            e => e.StakeholderIds.ShouldBe([maria]));
        var correction = tuesday.Single(e => e.Kind == "InteractionCorrected");
        correction.Title.ShouldBe("Interaction record corrected: Price review (Wrong day; Olli was not there)");
        correction.BusinessTime.ShouldBe(Tuesday);
        tuesday.ShouldContain(e => e.Kind == "AccountStatusChanged");
        // Olli no longer took part, but the correction that says so concerns him.
        (await AsOf(Tuesday, $"&stakeholder={olli}")).Select(e => e.Kind).ShouldBe(["InteractionCorrected", "StakeholderAdded"]);

        var now = await Given.WholeTimeline(account);
        (await AsOf(Wednesday)).Select(e => (e.Id, e.Revision)).ShouldBe(now.Select(e => (e.Id, e.Revision)));
        var retracted = now.Single(e => e.EntryId == meeting);
        retracted.ShouldSatisfyAllConditions(
            e => e.Revision.ShouldBe(3),
            e => e.Retracted.ShouldBeTrue(),
            e => e.Title.ShouldBe("Meeting: Price review, with Maria Korhonen"),
            e => e.BusinessTime.ShouldBe(DaysAgo(6)));
        now.Single(e => e.Kind == "InteractionRetracted").Title.ShouldBe("Interaction record retracted: Price review (Recorded on the wrong account)");
        now.Count.ShouldBe(tuesday.Count + 1);
    }

    [Fact]
    public async Task a_backdated_entry_recorded_later_is_missing_from_a_view_as_of_before_it_was_recorded()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        App.Clock.Now = Tuesday;
        await Given.Meeting(account, DaysAgo(30), ["anna@example.com"], [maria], "Logged late");

        (await Given.WholeTimeline(account, $"asOf={Uri.EscapeDataString(Monday.ToString("O"))}&kinds=InteractionRecorded")).ShouldBeEmpty();
        (await Given.WholeTimeline(account, "kinds=InteractionRecorded")).Single().BusinessTime.ShouldBe(DaysAgo(30));
    }
}
