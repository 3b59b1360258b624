using Alba;
using Kam.EventStore.Interactions;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;

namespace Kam.EventStore.Tests.Interactions;

public sealed class CorrectInteractionTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_correction_changes_only_what_it_gives_and_keeps_the_original_in_the_history()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(5), ["anna@example.com"], [maria, olli]);
        App.Clock.Advance(TimeSpan.FromDays(1));

        var version = await Given.Correct(account, id, new CorrectInteraction
        {
            HappenedAt = DaysAgo(6), TheirParticipants = [maria], Topics = [], Reason = "Olli was not there; it was the day before",
        });

        version.ShouldBe(2);
        var record = await Given.InteractionRecord(account, id);
        record.HappenedAt.ShouldBe(DaysAgo(6));
        record.Details.TheirParticipants.Select(p => p.StakeholderId).ShouldBe([maria]);
        record.Details.Topics.ShouldBeEmpty();
        record.Details.Subject.ShouldBe("Price review 2027");
        record.Revisions.Select(r => (r.Revision, r.Change, r.HappenedAt, r.Details.TheirParticipants.Count, r.Reason)).ShouldBe(
        [
            (1, "Recorded", DaysAgo(5), 2, (string?)null),
            (2, "Corrected", DaysAgo(6), 1, "Olli was not there; it was the day before"),
        ]);
        record.Revisions[1].RecordedAt.ShouldBe(AppFixture.Start.AddDays(1));
    }

    [Fact]
    public async Task a_correction_may_state_the_version_it_was_decided_on_as_if_match()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(5), ["anna@example.com"], [maria]);
        var read = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{account}/interactions/{id}");
            x.Header("ETag").SingleValueShouldEqual("\"1\"");
        });

        await Host.Scenario(x =>
        {
            x.Post.Json(new CorrectInteraction { Subject = "Price review 2027 and logistics", Reason = "Subject too narrow" })
                .ToUrl($"/api/accounts/{account}/interactions/{id}/corrections");
            x.WithRequestHeader("If-Match", read.Context.Response.Headers.ETag.ToString());
            x.StatusCodeShouldBe(200);
        });
        await Host.Scenario(x =>
        {
            x.Post.Json(new CorrectInteraction { Subject = "Another", Reason = "Decided on the old record" })
                .ToUrl($"/api/accounts/{account}/interactions/{id}/corrections");
            x.WithRequestHeader("If-Match", "\"1\"");
            x.StatusCodeShouldBe(409);
        });
    }
}
