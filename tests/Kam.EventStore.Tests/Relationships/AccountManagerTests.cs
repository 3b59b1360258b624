using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Relationships;

public sealed class AccountManagerTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task assigning_handing_over_and_vacating_build_dated_intervals_and_the_status_shows_the_current_kam()
    {
        var id = await Given.KeyAccount();

        await Given.Kam(id, "Anna.Virtanen@example.com", D(1, 15));
        (await Given.Status(id)).AccountManager.ShouldBe("anna.virtanen@example.com");
        await Given.Handover(id, "ben@example.com", D(4, 1), "Price review due in May");
        await Given.Change(id, "account-manager/vacancies", new VacateAccountManager { Reason = "Ben left the company", EffectiveOn = D(9, 30) });

        var history = (await Host.GetAsJson<AccountRoles>($"/api/accounts/{id}/role-history"))!;
        history.Managers.ShouldBe(
        [
            new ManagerTerm("anna.virtanen@example.com", D(1, 15), D(4, 1), null, "Handover"),
            new ManagerTerm("ben@example.com", D(4, 1), D(9, 30), "Price review due in May", "Vacancy"),
        ]);
        var status = await Given.Status(id);
        status.AccountManager.ShouldBeNull();
        status.Version.ShouldBe(4);
    }

    [Fact]
    public async Task an_account_has_at_most_one_kam_and_cannot_be_handed_to_its_current_kam()
    {
        var id = await Given.KeyAccount();
        await Given.Kam(id, "anna@example.com", D(1, 15));
        var before = await Given.EventCount();

        var second = await Host.Scenario(x =>
        {
            x.Post.Json(new AssignAccountManager { PersonId = "ben@example.com" }).ToUrl($"/api/accounts/{id}/account-manager/assignments");
            x.StatusCodeShouldBe(409);
        });
        var toSelf = await Host.Scenario(x =>
        {
            x.Post.Json(new HandOverAccount { ToPersonId = "ANNA@example.com", HandoverNote = "x" }).ToUrl($"/api/accounts/{id}/account-manager/handovers");
            x.StatusCodeShouldBe(422);
        });

        (await second.Problem()).Rule.ShouldBe("kam-already-assigned");
        (await toSelf.Problem()).Rule.ShouldBe("handover-to-current-kam");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_handover_effective_before_the_current_kam_began_is_a_reversed_range()
    {
        var id = await Given.KeyAccount();
        await Given.Kam(id, "anna@example.com", D(3, 1));

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new HandOverAccount { ToPersonId = "ben@example.com", HandoverNote = "x", EffectiveOn = D(2, 1) })
                .ToUrl($"/api/accounts/{id}/account-manager/handovers");
            x.StatusCodeShouldBe(422);
        });

        (await result.Problem()).Rule.ShouldBe("reversed-range");
    }

    [Fact]
    public async Task handing_over_an_account_without_a_kam_is_409_and_future_dates_are_400()
    {
        var id = await Given.KeyAccount();

        (await (await Host.Scenario(x =>
        {
            x.Post.Json(new HandOverAccount { ToPersonId = "ben@example.com", HandoverNote = "x" }).ToUrl($"/api/accounts/{id}/account-manager/handovers");
            x.StatusCodeShouldBe(409);
        })).Problem()).Rule.ShouldBe("no-kam");
        (await (await Host.Scenario(x =>
        {
            x.Post.Json(new AssignAccountManager { PersonId = "ben@example.com", EffectiveOn = D(12, 24) }).ToUrl($"/api/accounts/{id}/account-manager/assignments");
            x.StatusCodeShouldBe(400);
        })).Problem()).Errors.Keys.ShouldBe(["effectiveOn"]);
    }

    [Fact]
    public async Task how_the_kam_role_is_organised_is_dated_and_closes_with_the_kam_term()
    {
        var id = await Given.KeyAccount();
        await Given.Kam(id, "anna@example.com", D(1, 15));
        await Given.Colleagues("director@example.com", "carl@example.com");
        await Given.Change(id, "account-manager/role-terms", new OrganiseKamRole
        {
            Role = KamRoleKind.Managerial, ManagerPersonId = "director@example.com", SalesSharePercent = 40,
            DirectReports = ["Carl@example.com"], EffectiveOn = D(2, 1),
        });
        await Given.Handover(id, "ben@example.com", D(4, 1));

        (await Given.RolesOn(id, D(3, 1))).KamRole.ShouldNotBeNull().ShouldSatisfyAllConditions(
            t => t.Role.ShouldBe(KamRoleKind.Managerial),
            t => t.SalesSharePercent.ShouldBe(40),
            t => t.DirectReports.ShouldBe(["carl@example.com"]));
        (await Given.RolesOn(id, D(5, 1))).KamRole.ShouldBeNull();
    }

    [Fact]
    public async Task only_people_in_the_directory_who_are_still_with_us_can_take_a_role()
    {
        var id = await Given.KeyAccount();
        await Given.Colleagues("leaver@example.com");
        await Given.Departure("leaver@example.com", D(3, 31), "Retired");
        var before = await Given.EventCount();

        var unknown = await Host.Scenario(x =>
        {
            x.Post.Json(new AssignAccountManager { PersonId = "stranger@example.com", EffectiveOn = D(2, 1) }).ToUrl($"/api/accounts/{id}/account-manager/assignments");
            x.StatusCodeShouldBe(422);
        });
        var left = await Host.Scenario(x =>
        {
            x.Post.Json(new AssignAccountManager { PersonId = "leaver@example.com", EffectiveOn = D(4, 1) }).ToUrl($"/api/accounts/{id}/account-manager/assignments");
            x.StatusCodeShouldBe(422);
        });
        var malformed = await Host.Scenario(x =>
        {
            x.Post.Json(new AssignAccountManager { PersonId = "not a person id" }).ToUrl($"/api/accounts/{id}/account-manager/assignments");
            x.StatusCodeShouldBe(400);
        });

        (await unknown.Problem()).Rule.ShouldBe("unknown-person");
        (await left.Problem()).Rule.ShouldBe("person-left");
        (await malformed.Problem()).Errors.Keys.ShouldBe(["personId"]);
        (await Given.EventCount()).ShouldBe(before);
        await Given.Change(id, "account-manager/assignments", new AssignAccountManager { PersonId = "leaver@example.com", EffectiveOn = D(3, 1) });
    }

    [Fact]
    public async Task a_managers_portfolio_shows_who_managed_what_when()
    {
        var first = await Given.KeyAccount("First Oy");
        var second = await Given.KeyAccount("Second Oy");
        await Given.Kam(first, "anna@example.com", D(1, 15));
        await Given.Kam(second, "anna@example.com", D(2, 1));
        await Given.Handover(first, "ben@example.com", D(4, 1));

        var anna = (await Host.GetAsJson<ManagerPortfolioOn>($"/api/people/anna@example.com/portfolio?on=2026-05-01"))!;
        anna.Accounts.Select(a => a.Name).ShouldBe(["Second Oy"]);
        anna.History.ShouldBe(
        [
            new PortfolioAccount(first, "First Oy", D(1, 15), D(4, 1)),
            new PortfolioAccount(second, "Second Oy", D(2, 1), null),
        ]);
        var annaInMarch = (await Host.GetAsJson<ManagerPortfolioOn>($"/api/people/anna@example.com/portfolio?on=2026-03-01"))!;
        annaInMarch.Accounts.Select(a => a.Name).ShouldBe(["First Oy", "Second Oy"]);
        var ben = (await Host.GetAsJson<ManagerPortfolioOn>($"/api/people/ben@example.com/portfolio"))!;
        ben.Accounts.Select(a => a.AccountId).ShouldBe([first]);

        var march = (await Host.GetAsJson<Page<AccountManagerLoad>>("/api/account-managers?on=2026-03-01"))!;
        march.Items.Select(l => (l.PersonId, l.Accounts)).ShouldBe([("anna@example.com", 2)]);
        var may = (await Host.GetAsJson<Page<AccountManagerLoad>>("/api/account-managers?on=2026-05-01&limit=1"))!;
        may.Items.Select(l => (l.PersonId, l.Accounts)).ShouldBe([("anna@example.com", 1)]);
        var mayNext = (await Host.GetAsJson<Page<AccountManagerLoad>>($"/api/account-managers?on=2026-05-01&limit=1&cursor={may.Next}"))!;
        mayNext.Items.Select(l => (l.PersonId, l.Accounts)).ShouldBe([("ben@example.com", 1)]);
        mayNext.Next.ShouldBeNull();
    }

    [Fact]
    public async Task role_changes_move_the_account_version_so_if_match_on_the_status_etag_keeps_working()
    {
        var id = await Given.KeyAccount();
        await Given.Kam(id, "anna@example.com", D(1, 15));
        await Given.TeamMember(id, "carl@example.com", TeamRole.TechnicalLead, D(1, 20));

        var read = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{id}");
            x.Header("ETag").SingleValueShouldEqual("\"3\"");
        });
        await Host.Scenario(x =>
        {
            x.Post.Json(new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Pilot lost" }).ToUrl($"/api/accounts/{id}/status-changes");
            x.WithRequestHeader("If-Match", read.Context.Response.Headers.ETag.ToString());
            x.StatusCodeShouldBe(200);
        });
        var status = await Given.Status(id);
        status.Version.ShouldBe(4);
        status.TeamSize.ShouldBe(1);
    }
}
