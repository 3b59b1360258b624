using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.History;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Health;

/// <summary>
/// Account lists filter and sort by health band without replay, and the band moves with the calendar: the health row holds the
/// band's schedule, so days passing without a single write move an account to the band it would be in. What a list shows is
/// what the account's own health read says that day.
/// </summary>
public sealed class HealthListTests(AppFixture app) : ApiTest(app)
{
    private async Task<Page<AccountStatus>> List(string query) => (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?{query}"))!;

    [Fact]
    public async Task the_list_filters_and_sorts_by_todays_band_and_the_band_moves_with_the_calendar()
    {
        // Well covered, met yesterday, a promise due in 30 days: Green. Nobody known, never met: Red.
        var cast = await Given.KeyAccountWithKamAndDirector();
        var covered = cast.AccountId;
        var olli = await Given.Stakeholder(covered, "Olli Laine", new DateOnly(2026, 9, 1), OrganisationLevel.Operational, BuyingRole.User);
        var jussi = await Given.Stakeholder(covered, "Jussi Mäki", new DateOnly(2026, 9, 1), OrganisationLevel.Management, BuyingRole.Influencer);
        await Given.Link(covered, CommitmentScenarios.Anna, cast.Cfo, LinkStrength.Strong, new DateOnly(2026, 9, 1));
        await Given.Link(covered, CommitmentScenarios.Ben, olli, LinkStrength.Medium, new DateOnly(2026, 9, 1));
        await Given.Link(covered, CommitmentScenarios.Ben, jussi, LinkStrength.Medium, new DateOnly(2026, 9, 1));
        await Given.Meeting(covered, InteractionScenarios.DaysAgo(1), [CommitmentScenarios.Anna], [cast.Cfo]);
        await Given.Promise(cast, CommitmentScenarios.Discount(cast, 5m, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 2)));
        var neglected = await Given.KeyAccount("Lakeside Steel AB");
        await Given.CheckpointsCaughtUp();

        (await List("band=Green")).Items.Select(a => a.Id).ShouldBe([covered]);
        (await List("band=red")).Items.Select(a => a.Id).ShouldBe([neglected], "band names compare without case");
        var byHealth = await List("sort=Health");
        byHealth.Items.Select(a => a.Id).ShouldBe([neglected, covered], "the lowest band first");
        byHealth.Items.Select(a => a.Health!.Band).ShouldBe(["Red", "Green"]);
        await SameAsTheirHealth(byHealth.Items);
        await SameInNameOrder(byHealth.Items);

        // 120 days later, nothing recorded: the meeting is old and the promise overdue. No write moved the row; the calendar did.
        App.Clock.Advance(TimeSpan.FromDays(120));
        (await List("band=Green")).Items.ShouldBeEmpty();
        var later = await List("sort=Health");
        later.Items.Select(a => (a.Id, a.Health!.Band)).ShouldBe([(neglected, "Red"), (covered, "Amber")]);
        await SameAsTheirHealth(later.Items);
        await SameInNameOrder(later.Items);

        // Pages by health keep their order across the cursor.
        var first = await List("sort=Health&limit=1");
        var second = await List($"sort=Health&limit=1&cursor={first.Next}");
        first.Items.Concat(second.Items).Select(a => a.Id).ShouldBe([neglected, covered]);
        second.Next.ShouldBeNull();

        // As recorded then (before 120 days passed), the bands are those of then, computed from each account's view.
        var then = await List($"sort=Health&asOf={HistoryScenarios.At(App.Clock.Now.AddDays(-120))}");
        then.Items.Select(a => (a.Id, a.Health!.Band)).ShouldBe([(neglected, "Red"), (covered, "Green")]);

        var unknown = await Given.Refused(x => x.Get.Url("/api/accounts?band=Purple"), 400);
        unknown.Errors.Keys.ShouldBe(["band"]);
    }

    [Fact]
    public async Task a_new_formula_version_moves_every_account_to_its_bands()
    {
        var account = await Given.KeyAccount();
        await Given.CheckpointsCaughtUp();
        (await List("")).Items.Single().Health!.ShouldSatisfyAllConditions(h => h.Band.ShouldBe("Red"), h => h.FormulaVersion.ShouldBe(0));

        await Given.Formula(HealthScenarios.ContactAndPromises);
        await Given.CheckpointsCaughtUp();
        var health = (await List("")).Items.Single().Health!;
        health.FormulaVersion.ShouldBe(1);
        health.Band.ShouldBe((await Given.Health(account)).Band);
        health.Band.ShouldBe("Fair", "never met: 0 of 50; nothing overdue or broken: 50 of 50");
        (await List("band=Fair")).Items.Select(a => a.Id).ShouldBe([account]);
        (await Given.Refused(x => x.Get.Url("/api/accounts?band=Red"), 400)).Errors.Keys.ShouldBe(["band"], "Red is not a band of version 1");
    }

    // The list in name order (whose bands are kept with the status answers, read above) shows the same bands as the list by band.
    private async Task SameInNameOrder(IEnumerable<AccountStatus> byBand)
    {
        var byName = (await List("")).Items.ToDictionary(a => a.Id, a => a.Health);
        foreach (var account in byBand)
        {
            byName[account.Id].ShouldBe(account.Health, account.Name);
        }
    }

    private async Task SameAsTheirHealth(IEnumerable<AccountStatus> accounts)
    {
        foreach (var account in accounts)
        {
            var health = await Given.Health(account.Id);
            account.Health!.ShouldSatisfyAllConditions(
                h => h.Band.ShouldBe(health.Band, account.Name),
                h => h.FormulaVersion.ShouldBe(health.FormulaVersion));
        }
    }
}
