using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Health;

/// <summary>The daily health series: each day what that day's health read says, under one formula version; bounded requests.</summary>
public sealed class HealthHistoryTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task each_day_of_the_series_is_what_that_days_health_says_under_one_version()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        await Given.Meeting(account, InteractionScenarios.DaysAgo(20), ["anna@example.com"], [maria]);
        // Backdated after a later fact was recorded: the day it is dated on folds again from the checkpoint.
        await Given.Meeting(account, InteractionScenarios.DaysAgo(40), ["anna@example.com"], [maria]);
        await Given.Formula(HealthScenarios.ContactAndPromises);

        var history = await Given.HealthHistory(account, "days=60&formulaVersion=0");
        history.FormulaVersion.ShouldBe(0);
        history.Days.Count.ShouldBe(60);
        history.To.ShouldBe(DateOnly.FromDateTime(App.Clock.Now.UtcDateTime));
        foreach (var day in history.Days.Where((_, i) => i % 7 == 0))
        {
            var health = await Given.Health(account, $"on={day.On:yyyy-MM-dd}&formulaVersion=0");
            (day.Score, day.Band).ShouldBe((health.Score, health.Band), $"{day.On:yyyy-MM-dd}");
        }

        (await Given.HealthHistory(account, "days=5")).FormulaVersion.ShouldBe(1, "the version in force now by default");
    }

    [Fact]
    public async Task a_series_is_1_to_366_days_of_a_known_account()
    {
        var account = await Given.KeyAccount();
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{account}/health/history?days=0"), 400)).Errors.Keys.ShouldBe(["days"]);
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{account}/health/history?days=367"), 400)).Errors.Keys.ShouldBe(["days"]);
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}/health/history"), 404)).Rule.ShouldBe("not-found");
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{account}/health/history?to=2026-01-01"), 404))
            .Rule.ShouldBe("not-found", "designated on 15 January");
        (await Given.HealthHistory(account, "days=366")).Days.Count.ShouldBe(366);
    }
}
