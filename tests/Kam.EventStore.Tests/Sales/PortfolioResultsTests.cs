using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>Results across accounts for dashboards: per KAM, per tier and per manager, keyset-paged, now and as of then.</summary>
public sealed class PortfolioResultsTests(AppFixture app) : ApiTest(app)
{
    private const string Ben = "ben@example.com";
    private const string Mika = "mika@example.com";

    private async Task<PortfolioResults> Portfolio(string by, string query = "") =>
        (await Host.GetAsJson<PortfolioResults>($"/api/results?by={by}&from=2026-01-01&to=2026-12-31{query}"))!;

    /// <summary>
    /// Nordic (Anna, Key, 2.4 M, 480k booked) and Baltic (Anna, Key, 1 M, 300k booked, a 100k opportunity at Propose) report to
    /// Mika, Anna's line manager; Svensk (Ben, Strategic, 2 M, 900k booked) to Dana, as Ben's KAM role there is organised.
    /// </summary>
    private async Task<(SalesCast Nordic, SalesCast Baltic, SalesCast Svensk)> ThreeAccounts()
    {
        await Given.Person(Mika, "Mika Manager");
        await Given.Person(Anna, "Anna Virtanen", manager: Mika);
        var nordic = await Given.SalesAccount();
        var baltic = await Given.SalesAccount("Baltic Board AS");
        var svensk = await Given.SalesAccount("Svensk Massa AB");
        await Given.Change(svensk.AccountId, "reclassifications", new ReclassifyKeyAccount { Tier = AccountTier.Strategic, Reason = "Group-wide frame agreement" });
        await Given.Handover(svensk.AccountId, Ben, new DateOnly(2026, 2, 1));
        await Given.Change(svensk.AccountId, "account-manager/role-terms",
            new OrganiseKamRole { Role = KamRoleKind.Expert, ManagerPersonId = Dana, SalesSharePercent = 60, EffectiveOn = new DateOnly(2026, 2, 1) });

        await Given.SetBudget(nordic);
        await Given.SetBudget(baltic, Budget(250_000m, 250_000m, 250_000m, 250_000m));
        await Given.SetBudget(svensk, Budget(500_000m, 500_000m, 500_000m, 500_000m));
        await Given.Actual(nordic.AccountId, Q1, 480_000m);
        await Given.Actual(baltic.AccountId, Q1, 300_000m);
        await Given.Actual(svensk.AccountId, Q1, 900_000m);
        await Given.Open(baltic, Opportunity(baltic, "Board machine rebuild", 100_000m, OpportunityStage.Propose));
        return (nordic, baltic, svensk);
    }

    [Fact]
    public async Task per_kam_tier_and_manager_the_accounts_results_add_up()
    {
        await ThreeAccounts();

        var byKam = await Portfolio("Kam");
        byKam.Items.Select(g => (g.Key, g.Currency, g.Accounts, g.Results.Budget, g.Results.Actual, g.Results.Forecast)).ShouldBe(
        [
            (Anna, "EUR", 2, 3_400_000m, 780_000m, 830_000m),
            (Ben, "EUR", 1, 2_000_000m, 900_000m, 900_000m),
        ]);
        byKam.Items[0].Results.AttainmentPercent.ShouldBe(22.9m);
        byKam.Items[0].Results.Pipeline.ByStage.ShouldHaveSingleItem().ShouldBe(new StageResults(OpportunityStage.Propose, 1, 100_000m, 50m, 50_000m));

        (await Portfolio("Tier")).Items.Select(g => (g.Key, g.Accounts, g.Results.Budget)).ShouldBe(
            [("Key", 2, 3_400_000m), ("Strategic", 1, 2_000_000m)]);
        (await Portfolio("Manager")).Items.Select(g => (g.Key, g.Accounts, g.Results.Actual)).ShouldBe(
            [(Dana, 1, 900_000m), (Mika, 2, 780_000m)]);

        // A quarter of the same budgets.
        var q1 = (await Host.GetAsJson<PortfolioResults>("/api/results?by=Kam&from=2026-01-01&to=2026-03-31"))!;
        q1.Items.Select(g => (g.Key, g.Results.Budget, g.Results.Actual, g.Results.AttainmentPercent)).ShouldBe(
            [(Anna, 750_000m, 780_000m, 104.0m), (Ben, 500_000m, 900_000m, 180.0m)]);
    }

    [Fact]
    public async Task groups_are_keyset_paged_and_the_past_is_grouped_as_it_was_then()
    {
        var (_, _, svensk) = await ThreeAccounts();

        var first = await Portfolio("Kam", "&limit=1");
        first.Items.ShouldHaveSingleItem().Key.ShouldBe(Anna);
        var second = await Portfolio("Kam", $"&limit=1&cursor={first.Next}");
        second.Items.ShouldHaveSingleItem().Key.ShouldBe(Ben);
        second.Next.ShouldBeNull();

        // As the facts stood on 20 January, Svensk was still Anna's (Ben took it over on 1 February), with nothing booked.
        var january = await Portfolio("Kam", "&on=2026-01-20");
        january.Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            g => g.Key.ShouldBe(Anna), g => g.Accounts.ShouldBe(3), g => g.Results.Budget.ShouldBe(5_400_000m), g => g.Results.Actual.ShouldBe(0m));

        // As recorded before Svensk's actual: 900k fewer booked for Ben.
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = App.Clock.Now;
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await Given.Posted<SalesWritten>($"/api/revenue-actuals/{(await Host.GetAsJson<Page<RevenueActual>>($"/api/accounts/{svensk.AccountId}/revenue-actuals"))!.Items[0].Id}/corrections",
            new CorrectRevenueActual { Amount = new Money(800_000m, "EUR"), Reason = "Invoice cancelled" });
        (await Portfolio("Kam")).Items.Single(g => g.Key == Ben).Results.Actual.ShouldBe(800_000m);
        (await Portfolio("Kam", $"&asOf={Uri.EscapeDataString(before.ToString("O"))}")).Items.Single(g => g.Key == Ben).Results.Actual.ShouldBe(900_000m);
    }

    [Fact]
    public async Task a_portfolio_query_needs_a_grouping_and_a_period()
    {
        (await Given.Refused(x => x.Get.Url("/api/results?from=2026-01-01&to=2026-12-31"), 400)).Errors.Keys.ShouldBe(["by"]);
        (await Given.Refused(x => x.Get.Url("/api/results?by=Kam&from=2026-01-01"), 400)).Errors.Keys.ShouldBe(["to"]);
        (await Given.Refused(x => x.Get.Url("/api/results?by=Kam&from=2026-12-31&to=2026-01-01"), 400)).Errors.Keys.ShouldBe(["to"]);
        (await Given.Refused(x => x.Get.Url("/api/results?by=Region&from=2026-01-01&to=2026-12-31"), 400)).Errors.Keys.ShouldBe(["by"]);
    }
}
