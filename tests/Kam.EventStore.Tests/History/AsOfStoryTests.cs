using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.History.HistoryScenarios;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.History;

/// <summary>
/// "What did our records say at T?" across every read: a promise made, the account judged at risk, then a handover recorded
/// two days late and backdated, and the promise kept. Each read as of each day shows what had been recorded by then.
/// </summary>
public sealed class AsOfStoryTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset Monday = AppFixture.Start;
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);
    private static readonly DateTimeOffset Wednesday = Monday.AddDays(2);

    private sealed record Story(Guid Account, Guid Commitment, Guid Cfo, Guid Meeting);

    private async Task<Story> Tell()
    {
        // Monday: Nordic Paper is a key account, Anna its KAM since 1 September, Maria (CFO) its decision maker.
        var cast = await Given.KeyAccountWithKamAndDirector();
        var meeting = await Given.Meeting(cast.AccountId, DaysAgo(3), [Anna], [cast.Cfo]);

        // Tuesday: Anna promises 5% off the 2027 price list; the account is judged at risk.
        App.Clock.Now = Tuesday;
        var promise = await Given.Promise(cast, Discount(cast, 5m, D(11, 3), D(12, 15)));
        await Given.Change(cast.AccountId, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Price dispute" });

        // Wednesday: the handover to Ben on 15 October is recorded, two weeks late; the promise is kept.
        App.Clock.Now = Wednesday;
        await Given.Handover(cast.AccountId, Ben, D(10, 15));
        await Given.OnCommitment(promise.CommitmentId, "fulfilment", new FulfilCommitment { FulfilledOn = D(11, 4), Evidence = "Price list 2027 v2 sent" });

        // And the meeting turns out to have been with another customer.
        await Given.Retract(cast.AccountId, meeting, "Recorded on the wrong account");
        return new Story(cast.AccountId, promise.CommitmentId, cast.Cfo, meeting);
    }

    [Fact]
    public async Task the_whole_account_as_of_each_day_is_what_had_been_recorded_by_then()
    {
        var story = await Tell();

        var monday = await Given.View(story.Account, Monday.AddHours(1));
        monday.ShouldSatisfyAllConditions(
            v => v.Status.Status.ShouldBe(AccountHealth.Active),
            v => v.Status.AccountManager.ShouldBe(Anna),
            v => v.Roles.AccountManager!.PersonId.ShouldBe(Anna),
            v => v.Roles.Stakeholders.Single().Profile.Name.ShouldBe("Maria Korhonen"),
            v => v.OpenCommitments.ShouldBeEmpty(),
            v => v.On.ShouldBe(D(11, 2)));

        var tuesday = await Given.View(story.Account, Tuesday.AddHours(1));
        tuesday.ShouldSatisfyAllConditions(
            v => v.Status.Status.ShouldBe(AccountHealth.AtRisk),
            v => v.Status.Commitments!.Open.ShouldBe(1),
            v => v.OpenCommitments.Single().Id.ShouldBe(story.Commitment),
            v => v.OpenCommitments.Single().Status.ShouldBe(CommitmentStatus.InForce));

        // Asked on Tuesday about 20 October, the records said Anna; asked on Wednesday, Ben (the backdated handover).
        (await Given.View(story.Account, Tuesday.AddHours(1), "&on=2026-10-20")).Roles.AccountManager!.PersonId.ShouldBe(Anna);
        var wednesday = await Given.View(story.Account, Wednesday.AddHours(1), "&on=2026-10-20");
        wednesday.ShouldSatisfyAllConditions(
            v => v.Roles.AccountManager!.PersonId.ShouldBe(Ben),
            v => v.ByBusinessDate.ShouldBeTrue(),
            v => v.OpenCommitments.ShouldBeEmpty("the promise was made on 3 November"),
            v => v.Status.Commitments!.Fulfilled.ShouldBe(0),
            v => v.Status.Interactions!.LastInteraction.ShouldBeNull(),
            v => v.Status.Interactions!.InteractionsLast90Days.ShouldBe(0));
        var recordedByWednesday = await Given.View(story.Account, Wednesday.AddHours(1));
        recordedByWednesday.ShouldSatisfyAllConditions(
            v => v.ByBusinessDate.ShouldBeFalse(),
            v => v.OpenCommitments.ShouldBeEmpty(),
            v => v.Status.Commitments!.Fulfilled.ShouldBe(1),
            v => v.Status.Interactions!.LastInteraction.ShouldBeNull("the meeting was retracted"));

        // Without asOf: now. Ahead of the clock: now too.
        (await Given.View(story.Account)).Version.ShouldBe(wednesday.Version);
        (await Given.View(story.Account, Wednesday.AddDays(30))).AsOf.ShouldBe(Wednesday);
    }

    [Fact]
    public async Task every_read_takes_asOf_and_agrees_with_the_whole_account_view()
    {
        var story = await Tell();
        var tuesday = At(Tuesday.AddHours(1));

        var status = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{story.Account}?asOf={tuesday}");
            x.StatusCodeShouldBe(200);
        });
        var then = await status.ReadAsJsonAsync<AccountStatus>();
        then.ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(AccountHealth.AtRisk),
            s => s.Commitments!.Open.ShouldBe(1),
            s => s.Interactions!.LastInteraction!.InteractionId.ShouldBe(story.Meeting),
            s => s.Interactions!.InteractionsLast30Days.ShouldBe(1),
            s => s.Interactions!.DistinctStakeholdersMet.ShouldBe(1),
            s => s.Interactions!.OrganisationLevelsMet.ShouldBe([OrganisationLevel.Executive]),
            s => s.AccountManager.ShouldBe(Anna));
        status.Context.Response.Headers.ETag.ToString().ShouldBe(ExpectedVersion.ETag(then.Version));
        (await Given.Status(story.Account)).ShouldSatisfyAllConditions(
            s => s.AccountManager.ShouldBe(Ben),
            s => s.Interactions!.LastInteraction.ShouldBeNull());

        (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?status=AtRisk&asOf={At(Monday.AddHours(1))}"))!.Items.ShouldBeEmpty();
        (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?status=AtRisk&asOf={tuesday}"))!.Items.Single().Id.ShouldBe(story.Account);
        (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?asOf={At(Monday.AddHours(-1))}"))!.Items.ShouldBeEmpty();

        (await Host.GetAsJson<AccountRolesOn>($"/api/accounts/{story.Account}/roles?on=2026-10-20&asOf={tuesday}"))!.AccountManager!.PersonId.ShouldBe(Anna);
        (await Host.GetAsJson<AccountRolesOn>($"/api/accounts/{story.Account}/roles?on=2026-10-20"))!.AccountManager!.PersonId.ShouldBe(Ben);
        (await Host.GetAsJson<AccountRoles>($"/api/accounts/{story.Account}/role-history?asOf={tuesday}"))!.Managers.Single().PersonId.ShouldBe(Anna);
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{story.Account}/stakeholders/{story.Cfo}?asOf={At(Monday.AddHours(-1))}"), 404)).Rule.ShouldBe("not-found");
        (await Host.GetAsJson<StakeholderHistory>($"/api/accounts/{story.Account}/stakeholders/{story.Cfo}?asOf={tuesday}"))!.Profiles.Count.ShouldBe(1);
        var mapThen = (await Host.GetAsJson<RelationshipMap>($"/api/accounts/{story.Account}/relationship-map?asOf={tuesday}"))!.Stakeholders.Single();
        mapThen.Profile.Name.ShouldBe("Maria Korhonen");
        mapThen.LastContact.ShouldBe(DateOnly.FromDateTime(DaysAgo(3).UtcDateTime), "the meeting counted until it was retracted on Wednesday");
        (await Given.Map(story.Account, D(11, 2))).Stakeholders.Single().LastContact.ShouldBeNull();

        var register = (await Given.Register(story.Account, $"?asOf={tuesday}")).Items.Single();
        register.Status.ShouldBe(CommitmentStatus.InForce);
        (await Given.Register(story.Account)).Items.Single().Status.ShouldBe(CommitmentStatus.Fulfilled);

        // A value that is not an instant is refused, not read as "now" (the same for every typed query parameter).
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{story.Account}/view?asOf=yesterday"), 400)).Errors.ShouldContainKey("asOf");
        (await Given.Refused(x => x.Get.Url($"/api/accounts?asOf=2026-13-45&tier=Gold&limit=abc"), 400)).Errors.Keys.ShouldBe(["asOf", "tier", "limit"], ignoreOrder: true);
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{story.Account}/timeline?asOf=soon"), 400)).Errors.ShouldContainKey("asOf");

        // Before the account was designated, there was nothing to show.
        var before = At(Monday.AddHours(-1));
        foreach (var url in new[] { $"/api/accounts/{story.Account}?asOf={before}", $"/api/accounts/{story.Account}/view?asOf={before}", $"/api/accounts/{story.Account}/roles?asOf={before}" })
        {
            (await Given.Refused(x => x.Get.Url(url), 404)).Rule.ShouldBe("not-found");
        }
    }

    [Fact]
    public async Task changes_between_two_instants_list_the_events_recorded_in_between_and_what_they_changed()
    {
        var story = await Tell();

        var changes = (await Host.GetAsJson<AccountChanges>(
            $"/api/accounts/{story.Account}/changes?from={At(Monday.AddHours(1))}&to={At(Tuesday.AddHours(1))}"))!;
        changes.Events.Select(e => e.Type).ShouldBe(["CommitmentMade", "AccountStatusChanged"]);
        changes.Events.ShouldAllBe(e => e.RecordedAt == Tuesday && e.RecordedBy == AppFixture.DefaultUser);
        changes.Next.ShouldBeNull();
        var byPath = changes.Differences.ToDictionary(d => d.Path);
        byPath["/status/status"].ShouldSatisfyAllConditions(
            d => d.Before!.GetValue<string>().ShouldBe("Active"),
            d => d.After!.GetValue<string>().ShouldBe("AtRisk"));
        byPath["/status/commitments/open"].After!.GetValue<int>().ShouldBe(1);
        byPath[$"/commitments/{story.Commitment}"].ShouldSatisfyAllConditions(
            d => d.Before.ShouldBeNull(),
            d => d.After!["status"]!.GetValue<string>().ShouldBe("InForce"));
        changes.Differences.ShouldNotContain(d => d.Path.StartsWith("/roles/managers", StringComparison.Ordinal));

        // Wednesday's backdated handover closes Anna's term and opens Ben's; paging walks the events.
        var first = (await Host.GetAsJson<AccountChanges>(
            $"/api/accounts/{story.Account}/changes?from={At(Tuesday.AddHours(1))}&limit=1"))!;
        first.Differences.ShouldContain(d => d.Path == "/roles/managers/0/to" && d.After!.GetValue<string>() == "2026-10-15");
        first.Differences.ShouldContain(d => d.Path == "/roles/managers/1" && d.Before == null);
        first.Events.Single().Type.ShouldBe("AccountManagerHandedOver");
        var second = (await Host.GetAsJson<AccountChanges>(
            $"/api/accounts/{story.Account}/changes?from={At(Tuesday.AddHours(1))}&limit=1&cursor={first.Next}"))!;
        second.Events.Single().Type.ShouldBe("CommitmentFulfilled");

        var problem = await Given.Refused(x => x.Get.Url($"/api/accounts/{story.Account}/changes?from={At(Wednesday)}&to={At(Tuesday)}"), 400);
        problem.Errors.ShouldContainKey("to");
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{story.Account}/changes"), 400)).Errors.ShouldContainKey("from");
    }
}
