using Kam.EventStore.Accounts;
using Kam.EventStore.Tests.Api;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Hosting;

/// <summary>
/// A new install: a database nothing has written to. The first dashboard must work whatever it asks first, so every read of
/// the OpenAPI document is called before any write, and again after the fewest writes that give it ids that exist (an
/// account with a KAM and a stakeholder, nothing recorded about them yet), with and without its query values.
/// </summary>
public sealed class FreshDatabaseTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task every_read_answers_on_a_fresh_database_before_and_after_the_first_writes()
    {
        var database = "kam_fresh_" + Guid.NewGuid().ToString("N")[..12];
        var fresh = new AppFixture(database);
        try
        {
            await fresh.InitializeAsync();
            using var client = fresh.CreateClient();
            var reads = (await ApiDocument.LoadAsync(fresh.Host)).Operations.Where(o => o.IsRead).ToList();
            reads.Count.ShouldBeGreaterThan(20, "the document lists the reads");
            var failures = new List<string>();

            foreach (var read in reads)
            {
                await CheckAsync(client, read, read.Url(KnownIds.Unknown), failures);
            }

            var given = new Scenarios(fresh);
            var account = await given.KeyAccount();
            await given.Kam(account, "anna@example.com", RelationshipScenarios.D(1, 5));
            var stakeholder = await given.Stakeholder(account, "Maria Korhonen", RelationshipScenarios.D(1, 10));
            var ids = new KnownIds(new Dictionary<string, string>
            {
                ["accountId"] = account.ToString(),
                ["stakeholderId"] = stakeholder.ToString(),
                ["personId"] = "anna@example.com",
            });
            foreach (var read in reads)
            {
                var url = read.Url(p => ids.ByParameter.TryGetValue(p.Name, out var id) ? id : KnownIds.Unknown(p));
                await CheckAsync(client, read, url, failures);
                var query = string.Join("&", read.QueryParameters.Select(p => $"{p.Name}={Uri.EscapeDataString(ApiDocument.QueryValue(p))}"));
                if (query.Length > 0)
                {
                    await CheckAsync(client, read, url + "?" + query, failures);
                }
            }

            failures.ShouldBeEmpty();
            fresh.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).ShouldBeEmpty();
        }
        finally
        {
            await fresh.DisposeAsync();
            await TestDatabase.DropAsync(fresh.ConnectionString, database);
        }
    }

    private static async Task CheckAsync(HttpClient client, ApiOperation read, string url, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (AnswerChecks.Verdict((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body) is { } wrong)
        {
            failures.Add($"{read} as {url}: {wrong}");
        }
    }
}
