using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Interactions;

public sealed class RecordInteractionTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_backdated_meeting_is_recorded_with_both_sides_what_was_disclosed_to_whom_and_the_follow_ups()
    {
        var (account, maria, olli) = await Given.AccountWithStakeholders();
        await Given.Colleagues("anna@example.com", "ben@example.com");
        var meeting = Meeting(DaysAgo(3), ["Anna@Example.com", "ben@example.com"], [maria, olli]) with
        {
            Disclosures =
            [
                new DisclosureInput { What = "Price list 2027 sent", To = [maria] },
                new DisclosureInput { What = "Roadmap shown", UnderNda = true },
            ],
            FollowUps = [new FollowUpInput { Action = "Send volume discount offer", OwnerPersonId = "ben@example.com", DueOn = D(11, 10) }],
        };

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(meeting).ToUrl($"/api/accounts/{account}/interactions");
            x.As("anna@example.com", Roles.Writer);
            x.StatusCodeShouldBe(201);
        });

        var created = await result.ReadAsJsonAsync<InteractionCreated>();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/accounts/{account}/interactions/{created.InteractionId}");
        var record = await Given.InteractionRecord(account, created.InteractionId);
        record.HappenedAt.ShouldBe(DaysAgo(3));
        record.RecordedAt.ShouldBe(AppFixture.Start);
        record.RecordedBy.ShouldBe("anna@example.com");
        record.Version.ShouldBe(1);
        record.Retracted.ShouldBeFalse();
        record.Details.ShouldSatisfyAllConditions(
            d => d.Kind.ShouldBe(InteractionKind.Meeting),
            d => d.OurParticipants.ShouldBe(["anna@example.com", "ben@example.com"]),
            d => d.TheirParticipants.ShouldBe(
            [
                new StakeholderParticipant(maria, "Maria Korhonen", OrganisationLevel.Executive),
                new StakeholderParticipant(olli, "Olli Laine", OrganisationLevel.Operational),
            ]),
            d => d.Disclosures.Select(x => (x.What, x.To.Count, x.UnderNda)).ShouldBe([("Price list 2027 sent", 1, false), ("Roadmap shown", 0, true)]),
            d => d.FollowUps.Single().ShouldBe(new FollowUp("Send volume discount offer", "ben@example.com", D(11, 10))));
        record.Revisions.Single().Change.ShouldBe("Recorded");
    }

    [Fact]
    public async Task a_stakeholder_is_recorded_as_they_were_on_the_interactions_date()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        await Given.Change(account, $"stakeholders/{maria}/changes", new ChangeStakeholder
        {
            Title = "CEO", Level = OrganisationLevel.Executive, Name = "Maria Korhonen-Laine", Reason = "Promoted and married", EffectiveOn = D(10, 1),
        });

        var before = await Given.Meeting(account, new DateTimeOffset(2026, 9, 15, 10, 0, 0, TimeSpan.Zero), ["anna@example.com"], [maria]);
        var after = await Given.Meeting(account, DaysAgo(1), ["anna@example.com"], [maria]);

        (await Given.InteractionRecord(account, before)).Details.TheirParticipants.Single().Name.ShouldBe("Maria Korhonen");
        (await Given.InteractionRecord(account, after)).Details.TheirParticipants.Single().Name.ShouldBe("Maria Korhonen-Laine");
    }

    [Fact]
    public async Task an_interaction_without_a_time_happened_now_and_a_client_may_choose_its_id()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = Guid.NewGuid();

        await Given.Interaction(account, Meeting(default, ["anna@example.com"], [maria]) with { HappenedAt = null, InteractionId = id, Kind = InteractionKind.Call, Channel = InteractionChannel.Phone });

        var record = await Given.InteractionRecord(account, id);
        record.HappenedAt.ShouldBe(AppFixture.Start);
        record.Details.Kind.ShouldBe(InteractionKind.Call);
        await Host.Scenario(x =>
        {
            x.Post.Json(Meeting(DaysAgo(1), ["anna@example.com"], [maria]) with { InteractionId = id }).ToUrl($"/api/accounts/{account}/interactions");
            x.StatusCodeShouldBe(409);
        });
    }

    [Fact]
    public async Task an_interaction_on_another_accounts_interaction_route_is_not_found()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var other = await Given.KeyAccount("Other Oy");
        var id = await Given.Meeting(account, DaysAgo(1), ["anna@example.com"], [maria]);

        await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{other}/interactions/{id}");
            x.StatusCodeShouldBe(404);
        });
        await Host.Scenario(x =>
        {
            x.Post.Json(new RetractInteraction { Reason = "x" }).ToUrl($"/api/accounts/{other}/interactions/{id}/retraction");
            x.StatusCodeShouldBe(404);
        });
        (await Given.InteractionRecord(account, id)).Retracted.ShouldBeFalse();
    }

    [Fact]
    public async Task people_from_the_directory_who_were_still_with_us_can_take_part()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        await Given.Person("carl@example.com", "Carl");
        await Given.Departure("carl@example.com", D(10, 1));

        await Given.Meeting(account, new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.Zero), ["carl@example.com"], [maria]);

        (await Given.Timeline(account, "kinds=InteractionRecorded")).Items.Single().PersonIds.ShouldBe(["carl@example.com"]);
    }
}
