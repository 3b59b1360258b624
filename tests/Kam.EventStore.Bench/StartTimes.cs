using System.Globalization;
using Kam.EventStore.Security;
using Npgsql;

namespace Kam.EventStore.Bench;

/// <summary>
/// Start-up only, for levers on it (scripts/bench-start.sh): starts the service again and again on a database a bench run
/// already seeded and db-applied, and times each start exactly as the bench's phase f does (<see cref="ServiceProcess"/>:
/// from just before the process is created to the first 200 of <c>/health/live</c>, then of <c>GET /api/accounts/{id}</c>).
/// Several variants (a build, an environment) take turns, start by start, so a busy machine weighs on each alike.
/// <c>Kam.EventStore.Bench starts --connection CS --starts N --variant LABEL=DLL[,KEY=VALUE...]...</c>
/// </summary>
public static class StartTimes
{
    public const string Mode = "starts";

    private sealed record Variant(string Label, string Dll, Dictionary<string, string> Environment)
    {
        public List<(double Health, double Api, double CpuMs, double RssMiB)> Starts { get; } = [];
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? connection = null;
        var starts = 3;
        var port = 5190;
        var log = "start-times.log";
        var variants = new List<Variant>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--connection": connection = Next(); break;
                case "--starts": starts = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--service-log": log = Next(); break;
                case "--variant":
                    var (label, rest) = Next().Split('=', 2) is [var l, var r] ? (l, r) : throw new ArgumentException("--variant LABEL=DLL[,KEY=VALUE...]");
                    var parts = rest.Split(',');
                    variants.Add(new Variant(label, parts[0], parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)));
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        ArgumentNullException.ThrowIfNull(connection);
        var auth = new AuthSettings
        {
            Issuer = "kam-bench",
            Audience = "kam-eventstore",
            SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        };
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            DevelopmentTokens.Issue(auth, "bench-client", [Roles.Admin, Roles.Approver], DateTimeOffset.UtcNow, TimeSpan.FromHours(8)));

        // The bench's reference account (100 events) when there is one, as phase f reads it.
        await using (var data = NpgsqlDataSource.Create(connection))
        {
            await using var command = data.CreateCommand(
                "select id from mt_streams where version = 100 union all (select id from mt_doc_accountstatus order by id limit 1) limit 1");
            var account = (Guid)(await command.ExecuteScalarAsync())!;
            var api = $"/api/accounts/{account}";
            Console.Error.WriteLine($"load average before: {LoadAverage()}");
            for (var round = 0; round < starts; round++)
            {
                foreach (var variant in variants)
                {
                    var environment = ServiceProcess.ProductionEnvironment(connection, auth);
                    foreach (var (key, value) in variant.Environment)
                    {
                        environment[key] = value;
                    }

                    await File.AppendAllTextAsync(log, $"\n==== {variant.Label} start {round + 1}\n");
                    await using var service = ServiceProcess.Start(variant.Dll, ["--urls", url], environment, log, null);
                    var health = await service.WaitForSuccessAsync(http, "/health/live", TimeSpan.FromSeconds(60));
                    var first = await service.WaitForSuccessAsync(http, api, TimeSpan.FromSeconds(60));
                    variant.Starts.Add((health, first, service.ReadCpuMs(), service.ReadMemoryMiB("VmRSS")));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {variant.Label,-12} /health/live {health,6:0} ms, first API 200 {first,6:0} ms, CPU {service.ReadCpuMs(),5:0} ms, RSS {service.ReadMemoryMiB("VmRSS"),4:0} MiB (load {LoadAverage()})"));
                    await service.StopAsync();
                    // Lets the stopped process's last work (and PostgreSQL's) finish before the next start is timed.
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine("| Variant | First API 200, median (all) | /health/live, median | Service CPU by then, median | RSS after start, median |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var variant in variants)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant.Label} | {Median(variant.Starts.Select(s => s.Api)):N0} ms ({string.Join(", ", variant.Starts.Select(s => s.Api.ToString("N0", CultureInfo.InvariantCulture)))}) | {Median(variant.Starts.Select(s => s.Health)):N0} ms | {Median(variant.Starts.Select(s => s.CpuMs)):N0} ms | {Median(variant.Starts.Select(s => s.RssMiB)):N0} MiB |"));
        }

        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
