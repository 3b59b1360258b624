using static Kam.EventStore.Tests.Interactions.InteractionScenarios;

namespace Kam.EventStore.Tests.Interactions;

public sealed class RetractInteractionTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_retracted_interaction_stays_in_its_history_marked_and_no_longer_counts_as_a_contact()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var kept = await Given.Meeting(account, DaysAgo(10), ["anna@example.com"], [maria], "Kick-off");
        var mistake = await Given.Meeting(account, DaysAgo(2), ["anna@example.com"], [maria], "Not with this customer");

        var version = await Given.Retract(account, mistake, "Recorded on the wrong account");

        version.ShouldBe(2);
        var record = await Given.InteractionRecord(account, mistake);
        record.Retracted.ShouldBeTrue();
        record.RetractionReason.ShouldBe("Recorded on the wrong account");
        record.Details.Subject.ShouldBe("Not with this customer");
        record.Revisions.Select(r => r.Change).ShouldBe(["Recorded", "Retracted"]);

        var activity = await Given.Activity(account);
        activity.LastInteraction.ShouldNotBeNull().InteractionId.ShouldBe(kept);
        activity.InteractionsLast30Days.ShouldBe(1);
    }
}
