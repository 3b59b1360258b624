using Alba;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

/// <summary>"What was this person allowed to promise on that date?" asked over the API.</summary>
public sealed class GetPersonAuthorityTests(AppFixture app) : ApiTest(app)
{
    private async Task<AuthorityGrant> AuthorityOn(string personId, string? on)
    {
        var query = on is null ? "" : $"?on={on}";
        return (await Host.GetAsJson<AuthorityGrant>($"/api/people/{personId}/authority{query}"))!;
    }

    private async Task<Problem> NoAuthority(string personId, string on)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/people/{personId}/authority?on={on}");
            x.StatusCodeShouldBe(404);
        });
        return await result.Problem();
    }

    [Fact]
    public async Task before_any_grant_there_is_no_authority_and_between_grants_the_earlier_one_holds()
    {
        var id = await Given.Person("e2");
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 1, 1), eur: 10_000m, reason: "Junior KAM"));
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 7, 1), eur: 50_000m, reason: "KAM"));

        (await NoAuthority(id, "2025-12-31")).Rule.ShouldBe("no-authority");
        (await AuthorityOn(id, "2026-01-01")).Reason.ShouldBe("Junior KAM");
        (await AuthorityOn(id, "2026-06-30")).MaxCommitmentValues.ShouldBe([new Money(10_000m, "EUR")]);
        (await AuthorityOn(id, "2026-07-01")).Reason.ShouldBe("KAM");
        (await AuthorityOn(id, null)).Reason.ShouldBe("KAM"); // today on the test clock
    }

    [Fact]
    public async Task a_backdated_grant_for_the_same_date_supersedes_and_one_in_between_slots_in()
    {
        var id = await Given.Person("e2");
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 1, 1), eur: 10_000m, reason: "Original"));
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 9, 1), eur: 90_000m, reason: "Later"));

        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 1, 1), eur: 20_000m, reason: "Corrected"));
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 5, 1), eur: 40_000m, reason: "Mid-year"));

        (await AuthorityOn(id, "2026-02-01")).Reason.ShouldBe("Corrected");
        (await AuthorityOn(id, "2026-05-15")).Reason.ShouldBe("Mid-year");
        (await AuthorityOn(id, "2026-09-01")).Reason.ShouldBe("Later");
        (await Given.PersonView(id)).Authority.Select(g => g.Reason).ShouldBe(["Corrected", "Mid-year", "Later"]);
    }

    [Fact]
    public async Task a_future_grant_holds_only_from_its_date_and_without_a_date_the_answer_is_for_today()
    {
        // (The fixture's fake clock cannot be moved back between tests, so this test moves the dates, not the clock.)
        var id = await Given.Person("e2");
        var tomorrow = PeopleScenarios.Today.AddDays(1);
        await Given.Authority(id, PeopleScenarios.Grant(PeopleScenarios.Today.AddYears(-1), reason: "Current"));
        await Given.Authority(id, PeopleScenarios.Grant(tomorrow, reason: "Next role"));

        (await AuthorityOn(id, null)).Reason.ShouldBe("Current");
        (await AuthorityOn(id, PeopleScenarios.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).Reason.ShouldBe("Current");
        (await AuthorityOn(id, tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).Reason.ShouldBe("Next role");
    }

    [Fact]
    public async Task after_the_last_day_with_us_there_is_no_authority()
    {
        var id = await Given.Person("e2");
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 1, 1)));
        await Given.Departure(id, new DateOnly(2026, 10, 31));

        (await AuthorityOn(id, "2026-10-31")).EffectiveFrom.ShouldBe(new DateOnly(2026, 1, 1));
        (await NoAuthority(id, "2026-11-01")).Detail.ShouldNotBeNull().ShouldContain("left");
    }

    [Fact]
    public async Task an_unknown_person_is_404_not_found_and_a_bad_date_is_400()
    {
        var id = await Given.Person("e2");

        (await NoAuthority("nobody@example.com", "2026-01-01")).Rule.ShouldBe("not-found");
        var result = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/people/{id}/authority?on=31.12.2026");
            x.StatusCodeShouldBe(400);
        });
        (await result.Problem()).Errors.Keys.ShouldBe(["on"]);
    }
}
