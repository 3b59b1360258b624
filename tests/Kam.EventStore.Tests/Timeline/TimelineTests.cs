using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Tests.Relationships;
using Marten;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Timeline;

public sealed class TimelineTests(AppFixture app) : ApiTest(app)
{
    private static DateTimeOffset At(int month, int day, int hour = 0) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task every_event_of_the_account_from_every_area_is_an_entry_in_business_time_newest_first()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        await Given.Handover(account, "ben@example.com", D(4, 1), "Maria is the champion");
        await Given.Change(account, $"stakeholders/{maria}/changes", new ChangeStakeholder { Title = "CEO", Reason = "Promoted", EffectiveOn = D(5, 1) });
        await Given.Change(account, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Competitor pilot", OccurredAt = At(10, 5, 12) });
        await Given.Meeting(account, At(10, 20, 9), ["ben@example.com"], [maria], "Recovery plan");
        await Given.Note(account, "Maria wants a roadmap under NDA.", "ben@example.com", [maria], occurredAt: At(10, 21, 8));

        var timeline = await Given.Timeline(account);

        timeline.AsOf.ShouldBe(AppFixture.Start);
        timeline.Next.ShouldBeNull();
        timeline.Items.Select(e => (e.Kind, e.Title, e.BusinessTime)).ShouldBe(
        [
            ("NoteRecorded", "Note from ben@example.com: Maria wants a roadmap under NDA.", At(10, 21, 8)),
            ("InteractionRecorded", "Meeting: Recovery plan, with Maria Korhonen", At(10, 20, 9)),
            ("AccountStatusChanged", "Status changed from Active to AtRisk: Competitor pilot", At(10, 5, 12)),
            ("StakeholderChanged", "Stakeholder changed: Maria Korhonen, CEO (Promoted)", At(5, 1)),
            ("AccountManagerHandedOver", "Account handed over from anna@example.com to ben@example.com", At(4, 1)),
            ("KeyAccountDesignated", "Designated a key account: Nordic Paper Oy (Key)", At(1, 15)),
            ("StakeholderAdded", "New stakeholder: Olli Laine, Buyer", At(1, 10)),
            ("StakeholderAdded", "New stakeholder: Maria Korhonen, CFO", At(1, 10)),
            ("AccountManagerAssigned", "anna@example.com became the key account manager", At(1, 5)),
        ]);
        timeline.Items.ShouldAllBe(e => e.RecordedAt == AppFixture.Start && e.Actor == "dev-user" && e.AccountId == account);
        var handover = timeline.Items.Single(e => e.Kind == "AccountManagerHandedOver");
        handover.PersonIds.ShouldBe(["anna@example.com", "ben@example.com"], ignoreOrder: true);
        var interaction = timeline.Items.Single(e => e.Kind == "InteractionRecorded");
        interaction.PersonIds.ShouldBe(["ben@example.com"]);
        interaction.StakeholderIds.ShouldBe([maria]);
        interaction.Revision.ShouldBe(1);
        interaction.EntryId.ShouldBe(interaction.RelatedIds.Single());
    }

    [Fact]
    public async Task oldest_first_on_request_and_entries_at_the_same_business_time_in_the_order_they_were_recorded()
    {
        var account = await Given.KeyAccount();
        foreach (var (status, reason) in new[] { (AccountHealth.AtRisk, "First"), (AccountHealth.Dormant, "Second"), (AccountHealth.Active, "Third") })
        {
            await Given.Change(account, "status-changes", new ChangeAccountStatus { Status = status, Reason = reason, OccurredAt = At(10, 1, 9) });
        }

        var oldestFirst = (await Given.Timeline(account, "order=asc&kinds=AccountStatusChanged")).Items;
        var newestFirst = (await Given.Timeline(account, "kinds=AccountStatusChanged")).Items;

        oldestFirst.Select(e => e.Title[^6..].Trim(' ', ':')).ShouldBe(["First", "Second", "Third"]);
        oldestFirst.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        newestFirst.Select(e => e.Id).ShouldBe(oldestFirst.Select(e => e.Id).Reverse());
    }

    [Fact]
    public async Task a_role_fact_sits_at_its_effective_date_or_at_the_time_it_occurred_when_it_took_effect_that_day()
    {
        var account = await Given.KeyAccount();
        await Given.Kam(account, "anna@example.com", D(3, 1));
        await Given.TeamMember(account, "carl@example.com", TeamRole.Specialist, DateOnly.FromDateTime(AppFixture.Start.UtcDateTime));

        var entries = (await Given.Timeline(account, "kinds=AccountManagerAssigned,AccountTeamMemberAdded")).Items;

        entries.Select(e => (e.Kind, e.BusinessTime)).ShouldBe([("AccountTeamMemberAdded", AppFixture.Start), ("AccountManagerAssigned", At(3, 1))]);
    }

    [Fact]
    public async Task filters_by_kinds_person_stakeholder_and_business_time_combine()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        await Given.Meeting(account, At(9, 1, 10), ["anna@example.com"], [maria], "Maria in September");
        await Given.Meeting(account, At(9, 15, 10), ["ben@example.com"], [olli], "Olli in September");
        await Given.Meeting(account, At(10, 1, 10), ["anna@example.com", "ben@example.com"], [maria, olli], "Both in October");
        await Given.Change(account, $"stakeholders/{olli}/changes", new ChangeStakeholder { Title = "Head buyer", Reason = "Promoted", EffectiveOn = D(9, 20) });

        async Task<string[]> Titles(string query) => [.. (await Given.Timeline(account, query)).Items.Select(e => e.Title)];

        (await Titles($"stakeholder={olli}")).ShouldBe(
            ["Meeting: Both in October, with Maria Korhonen and Olli Laine", "Stakeholder changed: Olli Laine, Head buyer (Promoted)",
             "Meeting: Olli in September, with Olli Laine", "New stakeholder: Olli Laine, Buyer"]);
        (await Titles($"stakeholder={olli}&kinds=InteractionRecorded&person=BEN@example.com")).ShouldBe(
            ["Meeting: Both in October, with Maria Korhonen and Olli Laine", "Meeting: Olli in September, with Olli Laine"]);
        (await Titles("person=anna@example.com&kinds=InteractionRecorded,AccountManagerAssigned")).ShouldBe(
            ["Meeting: Both in October, with Maria Korhonen and Olli Laine", "Meeting: Maria in September, with Maria Korhonen",
             "anna@example.com became the key account manager"]);
        (await Titles("from=2026-09-01T10:00:00Z&to=2026-10-01T10:00:00Z")).ShouldBe(
            ["Stakeholder changed: Olli Laine, Head buyer (Promoted)", "Meeting: Olli in September, with Olli Laine", "Meeting: Maria in September, with Maria Korhonen"]);
        (await Titles("kinds=NoteRecorded")).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_event_of_an_area_added_later_appears_with_a_title_from_its_name_and_the_ids_it_names()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var commitment = Guid.NewGuid();
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(commitment, new CommitmentMade(account, commitment, "anna@example.com", maria, At(10, 30, 15), "dev-user"));
            await session.SaveChangesAsync();
        }

        var entry = (await Given.Timeline(account, $"person=anna@example.com&stakeholder={maria}")).Items[0];

        entry.Title.ShouldBe("Commitment made");
        entry.BusinessTime.ShouldBe(At(10, 30, 15));
        entry.RelatedIds.ShouldBe([commitment]);
    }
}

/// <summary>A fact of an area the timeline code has never heard of.</summary>
public sealed record CommitmentMade(Guid AccountId, Guid CommitmentId, string MadeByPersonId, Guid ToStakeholderId, DateTimeOffset OccurredAt, string By) : IAccountEvent;
