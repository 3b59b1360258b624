using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JasperFx.CommandLine;
using Kam.EventStore.Dashboard;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kam.EventStore.Hosting;

/// <summary>Arguments of <c>seed-demo</c>.</summary>
public sealed class SeedDemoInput : NetCoreInput
{
    [Description("How many key accounts (1-500, default 12)")]
    public int AccountsFlag { get; set; } = 12;
}

/// <summary>
/// Fills an empty store with the demo portfolio (<see cref="DemoPortfolio"/>): <c>scripts/run.sh seed-demo [--accounts N]</c>.
/// Every write goes through the public API of a copy of the service started in this process on a loopback port, so the
/// same validation, handlers and projections record it; the copy's clock is moved to each fact's time before it is sent,
/// so what was recorded when runs through the two years as it would have (and the dashboard's as-of slider has a history
/// to move through). Only in Development or Testing (it signs its own tokens with the development key); refuses a store
/// that already holds accounts or people.
/// </summary>
[Description("Fill an empty store with a realistic, deterministic demo portfolio (Development only)", Name = "seed-demo")]
public sealed partial class SeedDemoCommand : JasperFxAsyncCommand<SeedDemoInput>
{
    public const int MaxAccounts = 500;

    public override async Task<bool> Execute(SeedDemoInput input)
    {
        if (input.AccountsFlag is < 1 or > MaxAccounts)
        {
            await Console.Error.WriteLineAsync($"Usage: seed-demo [--accounts 1-{MaxAccounts}]");
            return false;
        }

        var realNow = TimeProvider.System.GetUtcNow();
        var plan = DemoPortfolio.Plan(input.AccountsFlag, realNow);
        var clock = new DemoClock(plan[0].At);
        await using var app = Build(clock);
        var auth = app.Services.GetRequiredService<AuthSettings>();
        if (!AuthSettings.IsDevelopmentLike(app.Environment) || !auth.UsesSigningKey)
        {
            await Console.Error.WriteLineAsync("seed-demo runs only in Development or Testing with a local signing key: it writes demo data and signs its own tokens.");
            return false;
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var tokens = new Dictionary<(string, string), string>();
        AuthenticationHeaderValue As(string user, string role) =>
            new("Bearer", tokens.TryGetValue((user, role), out var token) ? token
                : tokens[(user, role)] = DevelopmentTokens.Issue(auth, user, [role], TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(4)));

        if (await Holds(http, As(DemoPortfolio.Admin, Roles.Reader)) is { } held)
        {
            await Console.Error.WriteLineAsync(
                $"The store already holds {held}: seed-demo only fills an empty store, so it has written nothing. " +
                "To start over in Development, drop the local database first (it is created again on the next start): scripts/db.sh psql -d postgres -c 'drop database kam with (force)'");
            await app.StopAsync();
            return false;
        }

        Console.WriteLine($"Seeding {input.AccountsFlag} demo accounts: {plan.Count} writes through the API, recorded from {plan[0].At:yyyy-MM-dd} to today...");
        var watch = Stopwatch.StartNew();
        var failure = await SendAsync(http, plan, clock.MoveTo, (user, role) => As(user, role).Parameter!,
            done => Console.WriteLine($"  {done}/{plan.Count} writes ({watch.Elapsed.TotalSeconds:0} s)"));
        if (failure is not null)
        {
            await Console.Error.WriteLineAsync(failure);
            await app.StopAsync();
            return false;
        }

        // Back to the real clock: the durable overdue checks of the late promises run now (or at the service's next start).
        clock.MoveTo(TimeProvider.System.GetUtcNow());
        Console.WriteLine($"Done in {watch.Elapsed.TotalSeconds:0} s: {input.AccountsFlag} accounts. Open the dashboard at /dashboard (scripts/run.sh).");
        await app.StopAsync();
        return true;
    }

    /// <summary>
    /// Sends the plan's writes in order, moving the clock to each one's time first and calling as its caller; stops at the
    /// first refusal and says which write it was. Null when every write succeeded.
    /// </summary>
    public static async Task<string?> SendAsync(
        HttpClient http, IReadOnlyList<DemoWrite> plan, Action<DateTimeOffset> moveClock, Func<string, string, string> token, Action<int>? progress = null)
    {
        var answers = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Count; i++)
        {
            var write = plan[i];
            moveClock(write.At);
            var route = Answer().Replace(write.Route, m => answers[m.Groups[1].Value][m.Groups[2].Value]!.ToString());
            using var request = new HttpRequestMessage(HttpMethod.Post, route)
            {
                Content = new StringContent(write.Body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token(write.Caller, write.Role));
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                return $"seed-demo stopped at write {i + 1} of {plan.Count} (POST {route}, recorded {write.At:u}): {(int)response.StatusCode} {text}";
            }

            if (write.Label is { } label)
            {
                answers[label] = JsonNode.Parse(text)!;
            }

            if ((i + 1) % 250 == 0 || i + 1 == plan.Count)
            {
                progress?.Invoke(i + 1);
            }
        }

        return null;
    }

    /// <summary>A copy of the service on a free loopback port, over the configured database, with the demo's clock.</summary>
    private static WebApplication Build(DemoClock clock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["RateLimit:PermitLimit"] = "100000000";
        foreach (var category in new[] { "Default", "Marten", "Wolverine", "JasperFx", "Microsoft" })
        {
            builder.Configuration[$"Logging:LogLevel:{category}"] = "Warning";
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKamEventStore();
        builder.Services.AddSingleton<TimeProvider>(clock);
        var app = builder.Build();
        app.UseKamEventStore();
        return app;
    }

    /// <summary>What the store already holds, or null when it is empty.</summary>
    private static async Task<string?> Holds(HttpClient http, AuthenticationHeaderValue reader)
    {
        foreach (var (route, what) in new[] { ("/api/accounts?includeEnded=true&limit=1", "key accounts"), ("/api/people?includeLeft=true&limit=1", "people") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, route);
            request.Headers.Authorization = reader;
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            if (JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Count > 0)
            {
                return what;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\{answer:([^:}]+):([^}]+)\}")]
    private static partial Regex Answer();

    /// <summary>The demo's clock: moved forward to each fact's time (never back), so recorded time runs as it would have.</summary>
    private sealed class DemoClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void MoveTo(DateTimeOffset at)
        {
            if (at > _now)
            {
                _now = at;
            }
        }

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
