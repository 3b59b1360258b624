using System.Text.Json;
using Alba;
using Kam.EventStore.Dashboard;
using Kam.EventStore.Hosting;

namespace Kam.EventStore.Tests.Dashboard;

/// <summary>The demo portfolio is written through the API and every write is accepted; the same day gives the same plan.</summary>
public sealed class DemoPortfolioTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_demo_plan_is_deterministic_and_every_write_is_accepted_by_the_api()
    {
        var plan = DemoPortfolio.Plan(3, AppFixture.Start);
        DemoPortfolio.Plan(3, AppFixture.Start).Select(w => (w.At, w.Route, w.Body.ToJsonString())).ShouldBe(plan.Select(w => (w.At, w.Route, w.Body.ToJsonString())));
        plan.Select(w => w.At).ShouldBeInOrder();

        App.Clock.Now = plan[0].At;
        using var http = Host.Server.CreateClient();
        var failure = await SeedDemoCommand.SendAsync(http, plan, at => App.Clock.Now = at > App.Clock.Now ? at : App.Clock.Now,
            (user, role) => TestCallers.Token(user, role));

        failure.ShouldBeNull();
        var accounts = await Host.GetAsJson<JsonElement>("/api/accounts?includeEnded=true");
        accounts.GetProperty("items").GetArrayLength().ShouldBe(3);
        var commitments = await Host.GetAsJson<JsonElement>("/api/commitments?limit=200");
        var states = commitments.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ToHashSet();
        states.ShouldContain("Fulfilled");
        states.ShouldContain("InForce");
        states.ShouldContain("PendingApproval");
        var people = await Host.GetAsJson<JsonElement>("/api/people?limit=200");
        people.GetProperty("items").EnumerateArray().ShouldContain(p => p.GetProperty("personId").GetString() == DemoPortfolio.Director);
    }
}
