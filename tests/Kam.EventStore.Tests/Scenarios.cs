using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Portfolio;
using Npgsql;

namespace Kam.EventStore.Tests;

/// <summary>"Given" helpers: they drive the public HTTP API, so a test reads like the story a user tells.</summary>
public sealed class Scenarios(AppFixture app)
{
    /// <summary>The host the helpers drive; areas add their own helpers as extension methods on <see cref="Scenarios"/>.</summary>
    public AppFixture App => app;

    public static DesignateKeyAccount Designation(string name = "Nordic Paper Oy", string? registryId = null) => new()
    {
        Name = name,
        RegistryId = registryId ?? "FI" + Math.Abs(name.GetHashCode(StringComparison.Ordinal)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Segment = "Pulp and paper",
        Tier = AccountTier.Key,
        CriteriaMet = ["Revenue potential over 1 MEUR", "Strategic fit"],
        DesignatedOn = new DateOnly(2026, 1, 15),
        RevenueBudget = new Money(1_200_000m, "EUR"),
    };

    /// <summary>A key account designated through the API; returns its id.</summary>
    public async Task<Guid> KeyAccount(string name = "Nordic Paper Oy", AccountTier tier = AccountTier.Key, string? registryId = null)
    {
        var designation = Designation(name, registryId ?? "FI" + Guid.NewGuid().ToString("N")[..12]) with { Tier = tier };
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Json(designation).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<KeyAccountCreated>()).AccountId;
    }

    /// <summary>Posts a command to an account and expects it to be accepted; returns the new version.</summary>
    public async Task<long> Change(Guid accountId, string route, object command)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Json(command).ToUrl($"/api/accounts/{accountId}/{route}");
            x.StatusCodeShouldBe(200);
        });
        return (await result.ReadAsJsonAsync<AccountWritten>()).Version;
    }

    public Task<AccountStatus> Status(Guid accountId) => app.Host.GetAsJson<AccountStatus>($"/api/accounts/{accountId}")!;

    /// <summary>
    /// Sends a request that must be refused: asserts its status, that the answer is one of our problem documents, and
    /// that the store holds exactly as many events as before. Returns the problem for assertions on the rule or fields.
    /// </summary>
    public async Task<Problem> Refused(Action<Scenario> request, int status)
    {
        var before = await EventCount();
        var result = await app.Host.Scenario(x =>
        {
            request(x);
            x.StatusCodeShouldBe(status);
        });
        (await EventCount()).ShouldBe(before, "a rejected request must append nothing");
        var problem = await result.Problem();
        problem.Status.ShouldBe(status);
        problem.Type.ShouldStartWith(Problems.TypePrefix);
        return problem;
    }

    /// <summary>
    /// How many events the store holds: a rejected request must leave this unchanged. Marten's own tombstones do not
    /// count: in Rich append mode a commit that fails (the loser of a race) leaves one in place of each sequence number it
    /// drew, on no stream of ours, so the global sequence has no gaps.
    /// </summary>
    public async Task<long> EventCount()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from mt_events where type <> 'tombstone'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
