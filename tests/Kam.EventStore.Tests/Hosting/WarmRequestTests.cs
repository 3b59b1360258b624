using System.Net;
using System.Runtime;
using System.Text;
using Kam.EventStore.Accounts;
using Kam.EventStore.Tests.Commitments;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Hosting;

/// <summary>
/// A warm service compiles no new code per request. A method call on a captured value inside a Marten LINQ query once made
/// every read compile new methods (and the JIT compile them again): two per read, most of the service's CPU under load.
/// </summary>
public sealed class WarmRequestTests(AppFixture app) : ApiTest(app)
{
    /// <summary>Rounds of requests per measured batch.</summary>
    private const int Rounds = 20;

    [Fact]
    public async Task warm_reads_and_writes_stop_compiling_new_methods()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        await Given.Meeting(cast.AccountId, DaysAgo(3), [Anna], [cast.Cfo]);
        await Given.Promise(cast, Discount(cast, 5m, D(10, 20), D(12, 31)));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var asOf = Uri.EscapeDataString(App.Clock.GetUtcNow().AddMinutes(-1).ToString("O"));
        string[] reads =
        [
            $"/api/accounts/{cast.AccountId}",
            $"/api/accounts/{cast.AccountId}?asOf={asOf}",
            "/api/accounts?limit=50",
            $"/api/accounts?limit=50&asOf={asOf}",
            $"/api/accounts/{cast.AccountId}/timeline?limit=50",
            $"/api/accounts/{cast.AccountId}/commitments",
            $"/api/accounts/{cast.AccountId}/view",
            $"/api/accounts/{cast.AccountId}/relationship-map",
            "/api/commitments?overdue=false",
        ];
        var client = App.CreateClient();
        var status = AccountHealth.Active;

        async Task Round()
        {
            foreach (var path in reads)
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            }

            status = status == AccountHealth.Active ? AccountHealth.AtRisk : AccountHealth.Active;
            using var content = new StringContent($$"""{"status":"{{status}}","reason":"Weekly review"}""", Encoding.UTF8, "application/json");
            using var write = await client.PostAsync(new Uri($"/api/accounts/{cast.AccountId}/status-changes", UriKind.Relative), content);
            write.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // The first requests compile the service's code, and tiered compilation recompiles hot methods for a while after:
        // both end. Code generated per request never does, so batches are measured until one compiles (almost) nothing.
        var added = new List<long>();
        for (var batch = 0; batch < 40; batch++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < Rounds; i++)
            {
                await Round();
            }

            added.Add(JitInfo.GetCompiledMethodCount() - before);
            if (added[^1] < Rounds / 2)
            {
                return;
            }
        }

        Assert.Fail($"Every batch of {Rounds} rounds ({Rounds * (reads.Length + 1)} requests) compiled new methods: {string.Join(", ", added)}. " +
            "A request generates code: look for a method call on a captured value inside a Marten LINQ query.");
    }
}
