using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Interactions;

/// <summary>Each class of bad input on interactions and notes gets its status and a problem naming the field or rule, and appends nothing.</summary>
public sealed class InteractionBadInputTests(AppFixture app) : ApiTest(app)
{
    private Task<Problem> Refused(string url, object body, int status) => Given.Refused(x => x.Post.Json(body).ToUrl(url), status);

    [Fact]
    public async Task missing_and_invalid_fields_are_400_naming_each_field()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();

        var problem = await Refused($"/api/accounts/{account}/interactions", new RecordInteraction
        {
            HappenedAt = AppFixture.Start.AddHours(1),
            Subject = " ",
            Summary = "",
            DurationMinutes = 0,
            OurParticipants = ["anna@example.com", "ANNA@example.com", "not an id"],
            TheirParticipants = [maria],
            Disclosures = [new DisclosureInput { What = "Roadmap", To = [Guid.NewGuid()] }],
            FollowUps = [new FollowUpInput { Action = "Call back", OwnerPersonId = "anna@example.com", DueOn = D(1, 1) }],
        }, 400);

        problem.Rule.ShouldBe("validation-failed");
        problem.Errors.Keys.ShouldBe(
            ["happenedAt", "kind", "channel", "subject", "summary", "durationMinutes", "ourParticipants[2]", "ourParticipants",
             "disclosures[0].to[0]", "followUps[0].dueOn"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task nulls_inside_lists_are_400_naming_the_item()
    {
        var (account, _, _) = await Given.AccountWithStakeholders();

        var problem = await Refused($"/api/accounts/{account}/interactions", new
        {
            kind = "Call", channel = "Phone", subject = "Call", summary = "Talked",
            ourParticipants = new[] { "anna@example.com", null }, topics = new[] { (string?)null }, followUps = new object?[] { null },
        }, 400);

        // The JSON reader refuses the first list holding a null item (every list of every body is held to that, see
        // StrictInputTests); the others are named once it is fixed.
        problem.Rule.ShouldBe("null-value");
        problem.Errors.Keys.ShouldBe(["ourParticipants[1]"]);
        (await Refused($"/api/accounts/{account}/interactions", new
        {
            kind = "Call", channel = "Phone", subject = "Call", summary = "Talked",
            ourParticipants = new List<string> { "anna@example.com" }, topics = new List<string> { "Prices" }, followUps = new object?[] { null },
        }, 400)).Errors.Keys.ShouldBe(["followUps[0]"]);
    }

    [Fact]
    public async Task an_empty_summary_is_refused_when_recording_and_when_correcting()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(2), ["anna@example.com"], [maria]);

        (await Refused($"/api/accounts/{account}/interactions", Meeting(DaysAgo(1), ["anna@example.com"], [maria]) with { Summary = "  " }, 400))
            .Errors.Keys.ShouldBe(["summary"]);
        (await Refused($"/api/accounts/{account}/interactions/{id}/corrections", new CorrectInteraction { Summary = "", Reason = "Typo" }, 400))
            .Errors.Keys.ShouldBe(["summary"]);
    }

    [Fact]
    public async Task a_time_in_the_future_beyond_the_clock_skew_is_refused_but_within_it_is_accepted()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();

        (await Refused($"/api/accounts/{account}/interactions", Meeting(AppFixture.Start.AddMinutes(6), ["anna@example.com"], [maria]), 400))
            .Errors.Keys.ShouldBe(["happenedAt"]);
        await Given.Meeting(account, AppFixture.Start.AddMinutes(4), ["anna@example.com"], [maria]);
    }

    [Fact]
    public async Task participants_who_are_not_on_the_account_or_not_in_the_directory_are_422()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var other = await Given.KeyAccount("Other Oy");
        var stranger = await Given.Stakeholder(other, "Stranger", D(1, 1));
        await Given.Person("gone@example.com", "Gone");
        await Given.Departure("gone@example.com", D(6, 30));
        var url = $"/api/accounts/{account}/interactions";

        (await Refused(url, Meeting(DaysAgo(1), ["anna@example.com"], [maria, stranger]), 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused(url, Meeting(DaysAgo(1), ["anna@example.com"], [Guid.NewGuid()]), 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused(url, Meeting(DaysAgo(1), ["nobody@example.com"], [maria]), 422)).Rule.ShouldBe("unknown-person");
        (await Refused(url, Meeting(DaysAgo(1), ["gone@example.com"], [maria]), 422)).Rule.ShouldBe("person-left");
        (await Refused(url, Meeting(DaysAgo(1), ["anna@example.com"], [maria]) with
        {
            FollowUps = [new FollowUpInput { Action = "Offer", OwnerPersonId = "nobody@example.com", DueOn = D(12, 1) }],
        }, 422)).Rule.ShouldBe("unknown-person");
    }

    [Fact]
    public async Task a_stakeholder_who_left_before_the_interaction_is_422_but_one_met_before_leaving_is_fine()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        await Given.Change(account, $"stakeholders/{maria}/departure", new RecordStakeholderDeparture { EffectiveOn = D(10, 1) });

        (await Refused($"/api/accounts/{account}/interactions", Meeting(DaysAgo(10), ["anna@example.com"], [maria]), 422)).Rule.ShouldBe("stakeholder-left");
        await Given.Meeting(account, new DateTimeOffset(2026, 9, 20, 10, 0, 0, TimeSpan.Zero), ["anna@example.com"], [maria]);
        await Given.Meeting(account, new DateTimeOffset(2026, 10, 1, 16, 0, 0, TimeSpan.Zero), ["anna@example.com"], [maria], "Farewell");
    }

    [Fact]
    public async Task an_unknown_account_is_404_and_an_ended_one_is_409()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(3), ["anna@example.com"], [maria]);

        (await Refused($"/api/accounts/{Guid.NewGuid()}/interactions", Meeting(DaysAgo(1), ["anna@example.com"], [maria]), 404)).Rule.ShouldBe("not-found");
        (await Refused($"/api/accounts/{Guid.NewGuid()}/notes", new RecordNote { Text = "x", AuthorPersonId = "anna@example.com" }, 404)).Rule.ShouldBe("not-found");
        (await Refused($"/api/accounts/{account}/interactions/{Guid.NewGuid()}/corrections", new CorrectInteraction { Subject = "x", Reason = "y" }, 404)).Rule.ShouldBe("not-found");

        await Given.Change(account, "designation-end", new EndKeyAccountDesignation { EndedOn = D(11, 1), Reason = "Merged" });
        (await Refused($"/api/accounts/{account}/interactions", Meeting(DaysAgo(1), ["anna@example.com"], [maria]), 409)).Rule.ShouldBe("designation-ended");
        (await Refused($"/api/accounts/{account}/interactions/{id}/corrections", new CorrectInteraction { Subject = "Renamed", Reason = "Typo" }, 409)).Rule.ShouldBe("designation-ended");
        (await Refused($"/api/accounts/{account}/notes", new RecordNote { Text = "x", AuthorPersonId = "anna@example.com" }, 409)).Rule.ShouldBe("designation-ended");
    }

    [Fact]
    public async Task correcting_a_retracted_interaction_is_409_and_retracting_it_again_too()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(3), ["anna@example.com"], [maria]);
        await Given.Retract(account, id);

        (await Refused($"/api/accounts/{account}/interactions/{id}/corrections", new CorrectInteraction { Subject = "Better", Reason = "Typo" }, 409))
            .Rule.ShouldBe("interaction-retracted");
        (await Refused($"/api/accounts/{account}/interactions/{id}/retraction", new RetractInteraction { Reason = "Again" }, 409))
            .Rule.ShouldBe("interaction-retracted");
    }

    [Fact]
    public async Task corrections_need_a_reason_a_change_and_the_current_version_and_follow_the_participant_rules()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var id = await Given.Meeting(account, DaysAgo(3), ["anna@example.com"], [maria]);
        var url = $"/api/accounts/{account}/interactions/{id}/corrections";

        (await Refused(url, new CorrectInteraction { Subject = "Better" }, 400)).Errors.Keys.ShouldBe(["reason"]);
        (await Refused(url, new CorrectInteraction { Subject = "Price review 2027", Reason = "Same" }, 422)).Rule.ShouldBe("nothing-corrected");
        (await Refused(url, new CorrectInteraction { Subject = "Better", Reason = "Typo", Version = 3 }, 409)).Rule.ShouldBe("version-conflict");
        (await Refused(url, new CorrectInteraction { TheirParticipants = [Guid.NewGuid()], Reason = "Wrong people" }, 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused(url, new CorrectInteraction { OurParticipants = [], Reason = "Nobody" }, 400)).Errors.Keys.ShouldBe(["ourParticipants"]);
        (await Refused($"/api/accounts/{account}/interactions/{id}/retraction", new RetractInteraction { Reason = " " }, 400)).Errors.Keys.ShouldBe(["reason"]);
    }

    [Fact]
    public async Task notes_need_text_and_an_author_from_the_directory_about_this_accounts_stakeholders()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        var other = await Given.KeyAccount("Other Oy");
        var stranger = await Given.Stakeholder(other, "Stranger", D(1, 1));
        var url = $"/api/accounts/{account}/notes";

        (await Refused(url, new RecordNote { Text = "", AuthorPersonId = "", Tags = [""] }, 400)).Errors.Keys.ShouldBe(["text", "authorPersonId", "tags[0]"], ignoreOrder: true);
        (await Refused(url, new RecordNote { Text = "Prefers mornings", AuthorPersonId = "nobody@example.com" }, 422)).Rule.ShouldBe("unknown-person");
        (await Refused(url, new RecordNote { Text = "Prefers mornings", AuthorPersonId = "anna@example.com", StakeholderIds = [maria, stranger] }, 422))
            .Rule.ShouldBe("unknown-stakeholder");
    }

    [Fact]
    public async Task timeline_queries_with_bad_parameters_are_400_and_an_unknown_account_404()
    {
        var account = await Given.KeyAccount();

        async Task<Problem> Bad(string query, int status = 400) => await (await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{account}/timeline?{query}");
            x.StatusCodeShouldBe(status);
        })).Problem();

        (await Bad("kinds=InteractionRecorded,Nonsense")).Errors.Keys.ShouldBe(["kinds"]);
        (await Bad("order=sideways")).Errors.Keys.ShouldBe(["order"]);
        (await Bad("from=2026-10-01T00:00:00Z&to=2026-09-01T00:00:00Z")).Errors.Keys.ShouldBe(["to"]);
        (await Bad("limit=0")).Errors.Keys.ShouldBe(["limit"]);
        (await Bad("cursor=garbage")).Errors.Keys.ShouldBe(["cursor"]);
        (await Bad("person=not%20a%20person")).Errors.Keys.ShouldBe(["person"]);
        await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{Guid.NewGuid()}/timeline");
            x.StatusCodeShouldBe(404);
        });
    }
}
