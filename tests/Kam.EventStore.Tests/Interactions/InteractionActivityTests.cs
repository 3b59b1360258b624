using Alba;
using Kam.EventStore.Interactions;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Interactions;

/// <summary>The account status's contact activity, and the relationship map's last contacts, as interactions come and go.</summary>
public sealed class InteractionActivityTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_status_shows_the_last_interaction_counts_over_the_last_30_and_90_days_and_who_was_met()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        ShouldBeNone(await Given.Activity(account));

        await Given.Meeting(account, DaysAgo(100), ["anna@example.com"], [olli], "Site visit");
        await Given.Meeting(account, DaysAgo(60), ["anna@example.com"], [olli], "Delivery issues");
        var latest = await Given.Meeting(account, DaysAgo(10), ["anna@example.com"], [maria, olli], "Price review 2027");
        await Given.Meeting(account, DaysAgo(20), ["anna@example.com"], [], "Call with the switchboard");

        var activity = await Given.Activity(account);
        activity.LastInteraction.ShouldBe(new LastInteraction(latest, DaysAgo(10), InteractionKind.Meeting, "Price review 2027"));
        activity.InteractionsLast30Days.ShouldBe(2);
        activity.InteractionsLast90Days.ShouldBe(3);
        activity.DistinctStakeholdersMet.ShouldBe(2);
        activity.OrganisationLevelsMet.ShouldBe([OrganisationLevel.Executive, OrganisationLevel.Operational]);

        // "The last 30 days" moves with the clock, without any new event.
        App.Clock.Advance(TimeSpan.FromDays(15));
        (await Given.Activity(account)).InteractionsLast30Days.ShouldBe(1);

        // So does the list.
        var listed = (await Host.GetAsJson<Page<AccountStatus>>("/api/accounts"))!.Items.Single();
        listed.Interactions.ShouldNotBeNull().InteractionsLast30Days.ShouldBe(1);
    }

    [Fact]
    public async Task corrections_and_retractions_move_who_was_met_and_the_last_interaction()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        var earlier = await Given.Meeting(account, DaysAgo(40), ["anna@example.com"], [olli], "Delivery issues");
        var latest = await Given.Meeting(account, DaysAgo(5), ["anna@example.com"], [maria], "Board lunch");

        await Given.Correct(account, latest, new CorrectInteraction { TheirParticipants = [olli], Reason = "It was Olli" });
        var corrected = await Given.Activity(account);
        corrected.DistinctStakeholdersMet.ShouldBe(1);
        corrected.OrganisationLevelsMet.ShouldBe([OrganisationLevel.Operational]);

        await Given.Retract(account, latest);
        var retracted = await Given.Activity(account);
        retracted.LastInteraction.ShouldNotBeNull().InteractionId.ShouldBe(earlier);
        retracted.InteractionsLast30Days.ShouldBe(0);
        retracted.InteractionsLast90Days.ShouldBe(1);
        retracted.DistinctStakeholdersMet.ShouldBe(1);

        await Given.Retract(account, earlier);
        ShouldBeNone(await Given.Activity(account));
    }

    [Fact]
    public async Task the_relationship_map_shows_last_contact_per_stakeholder_and_per_link_on_its_date()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        await Given.Link(account, "anna@example.com", maria, LinkStrength.Medium, D(2, 1));
        await Given.Link(account, "ben@example.com", maria, LinkStrength.Weak, D(2, 1));
        await Given.Meeting(account, new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero), ["anna@example.com", "ben@example.com"], [maria]);
        await Given.Meeting(account, new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero), ["anna@example.com"], [maria, olli]);
        var mistake = await Given.Meeting(account, new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero), ["ben@example.com"], [maria]);
        await Given.Retract(account, mistake);

        var map = await Given.Map(account, D(10, 31), staleAfterDays: 90);

        var mariaOnMap = map.Stakeholders.Single(s => s.StakeholderId == maria);
        mariaOnMap.LastContact.ShouldBe(D(9, 1));
        mariaOnMap.Links.Select(l => (l.PersonId, l.LastContact, l.Stale)).ShouldBe(
            [("anna@example.com", (DateOnly?)D(9, 1), false), ("ben@example.com", D(6, 10), true)], ignoreOrder: true);
        map.Stakeholders.Single(s => s.StakeholderId == olli).LastContact.ShouldBe(D(9, 1));
        map.Coverage.StaleLinks.ShouldBe(1);

        // On an earlier date, only what had happened by then counts.
        var july = await Given.Map(account, D(7, 1));
        july.Stakeholders.Single(s => s.StakeholderId == maria).Links.ShouldAllBe(l => l.LastContact == D(6, 10));
        july.Stakeholders.Single(s => s.StakeholderId == olli).LastContact.ShouldBeNull();
    }

    private static void ShouldBeNone(InteractionActivity activity) => activity.ShouldSatisfyAllConditions(
        a => a.LastInteraction.ShouldBeNull(),
        a => a.InteractionsLast30Days.ShouldBe(0),
        a => a.InteractionsLast90Days.ShouldBe(0),
        a => a.DistinctStakeholdersMet.ShouldBe(0),
        a => a.OrganisationLevelsMet.ShouldBeEmpty());
}
