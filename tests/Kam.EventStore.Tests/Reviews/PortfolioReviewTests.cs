using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Reviews;

/// <summary>A portfolio review per KAM or per manager: their accounts with health, attainment, overdue commitments and coverage gaps.</summary>
public sealed class PortfolioReviewTests(AppFixture app) : ApiTest(app)
{
    private const string Anna = "anna@example.com";
    private const string Ben = "ben@example.com";
    private const string Dana = "dana@example.com";
    private const string Eero = "eero@example.com";

    private async Task<PortfolioReview> Portfolio(string query) => (await Host.GetAsJson<PortfolioReview>($"/api/portfolio-reviews?{query}"))!;

    [Fact]
    public async Task a_kams_and_a_managers_portfolio_list_their_accounts_lowest_band_first()
    {
        // Anna and Ben report to Dana in the directory; Eero reports to nobody, but on one account his role is organised under Dana.
        await Given.Person(Dana, "Dana Director");
        await Given.Person(Anna, "Anna Virtanen", manager: Dana);
        await Given.Person(Ben, "Ben Lindqvist", manager: Dana);
        await Given.Person(Eero, "Eero Laine");
        var covered = await Given.KeyAccount("Alpine Paper Oy");
        await Given.Kam(covered, Anna, new DateOnly(2026, 2, 1));
        var cfo = await Given.Stakeholder(covered, "Maria Korhonen", new DateOnly(2026, 2, 1), OrganisationLevel.Executive, BuyingRole.DecisionMaker, "CFO");
        await Given.Link(covered, Anna, cfo, LinkStrength.Strong, new DateOnly(2026, 2, 1));
        var bare = await Given.KeyAccount("Baltic Steel AB");
        await Given.Kam(bare, Anna, new DateOnly(2026, 2, 1));
        var bens = await Given.KeyAccount("Coastal Foods AS");
        await Given.Kam(bens, Ben, new DateOnly(2026, 2, 1));
        var eeros = await Given.KeyAccount("Danube Energy GmbH");
        await Given.Kam(eeros, Eero, new DateOnly(2026, 2, 1));
        await Given.Change(eeros, "account-manager/role-terms", new OrganiseKamRole { Role = KamRoleKind.Expert, ManagerPersonId = Dana, SalesSharePercent = 50 });
        await Given.KeyAccount("Eastern Retail Oy");

        var annas = await Portfolio($"kam={Anna}");
        annas.Kam.ShouldBe(Anna);
        annas.Accounts.Select(a => a.AccountId).ShouldBe([bare, covered], "the lowest band first");
        var row = annas.Accounts.Single(a => a.AccountId == covered);
        row.ShouldSatisfyAllConditions(
            r => r.Name.ShouldBe("Alpine Paper Oy"),
            r => r.Kam.ShouldBe(Anna),
            r => r.LevelsWithoutLink.ShouldBe([OrganisationLevel.Management, OrganisationLevel.Operational]),
            r => r.DecisionMakersWithoutStrongLink.ShouldBe(0),
            r => r.SingleThreaded.ShouldBeTrue(),
            r => r.OverdueCommitments.ShouldBe(0),
            r => r.AttainmentPercent.ShouldBeNull("no budget"));
        foreach (var account in annas.Accounts)
        {
            var health = (await Host.GetAsJson<Kam.EventStore.Health.HealthScore>($"/api/accounts/{account.AccountId}/health"))!;
            (account.Score, account.Band).ShouldBe((health.Score, health.Band));
        }

        annas.Bands.Sum(b => b.Accounts).ShouldBe(2);

        var danas = await Portfolio($"manager={Dana}");
        danas.Manager.ShouldBe(Dana);
        danas.Accounts.Select(a => a.AccountId).ShouldBe([covered, bare, bens, eeros], ignoreOrder: true);
        (await Portfolio("kam=nobody@example.com")).Accounts.ShouldBeEmpty();

        // As of the day before the KAMs were assigned: nobody's portfolio held anything.
        (await Portfolio($"kam={Anna}&on=2026-01-31")).Accounts.ShouldBeEmpty();

        // Neither given: the caller's own portfolio as KAM.
        var own = await Host.Scenario(x =>
        {
            x.Get.Url("/api/portfolio-reviews");
            x.As(Anna, Kam.EventStore.Security.Roles.Reader);
        });
        (await own.ReadAsJsonAsync<PortfolioReview>()).Accounts.Count.ShouldBe(2);
        (await Given.Refused(x => x.Get.Url($"/api/portfolio-reviews?kam={Anna}&manager={Dana}"), 400)).Errors.Keys.ShouldBe(["manager"]);
    }
}
