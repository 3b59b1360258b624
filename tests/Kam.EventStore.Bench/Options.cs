using System.Globalization;
using Npgsql;

namespace Kam.EventStore.Bench;

/// <summary>Command line of the load client; scripts/bench.sh fills it in.</summary>
public sealed record Options
{
    public required string ConnectionString { get; init; }
    public required string ServiceDll { get; init; }
    public int Port { get; init; } = 5180;
    public bool Quick { get; init; }
    public int Accounts { get; init; } = 1_000;
    public int Events { get; init; } = 200_000;
    public int BigAccountEvents { get; init; } = 10_000;
    public int Seed { get; init; } = 42;
    public string Output { get; init; } = "bench-results.json";
    public string? PidFile { get; init; }
    public string ServiceLog { get; init; } = "bench-service.log";
    public string Commit { get; init; } = "unknown";
    public string Command { get; init; } = "scripts/bench.sh";

    /// <summary>Only these phases (writes, reads, sales, health, paging, history, statements, rebuild); all when empty. For experiments.</summary>
    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool Runs(string phase) => Phases.Count == 0 || Phases.Contains(phase);

    /// <summary>Extra environment for the service (experiments, e.g. a log level); recorded in the results.</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    // Phase lengths: fixed durations, so every phase stops by itself.
    public TimeSpan WritePhase => TimeSpan.FromSeconds(Quick ? 4 : 15);
    public TimeSpan ReadPhase => TimeSpan.FromSeconds(Quick ? 4 : 15);
    public TimeSpan PagingPhase => TimeSpan.FromSeconds(Quick ? 2 : 6);
    public TimeSpan WarmupPhase => TimeSpan.FromSeconds(Quick ? 1 : 3);
    public int Starts => Quick ? 1 : 3;

    public string Url => $"http://127.0.0.1:{Port}";

    public string DatabaseName => new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "";

    public const string Usage = """
        usage: Kam.EventStore.Bench --connection <cs to a *bench* database> --service-dll <path to Kam.EventStore.dll>
               [--port 5180] [--quick] [--accounts N] [--events N] [--big-account-events N] [--seed 42]
               [--out bench-results.json] [--pid-file F] [--service-log F] [--commit HASH] [--command TEXT]
               [--service-env KEY=VALUE]...   extra environment for the service (an experiment; recorded in the results)
               [--phases writes,reads,sales,health,paging,history,statements,rebuild]   only these (an experiment; start and warm-up always run)
        The database named in --connection is DROPPED and recreated: its name must contain 'bench'.
        """;

    public static Options Parse(string[] args)
    {
        string? connection = null, dll = null;
        var o = new Options { ConnectionString = "", ServiceDll = "" };
        int? accounts = null, events = null, big = null;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--connection": connection = Next(); break;
                case "--service-dll": dll = Next(); break;
                case "--port": o = o with { Port = Int() }; break;
                case "--quick": o = o with { Quick = true }; break;
                case "--accounts": accounts = Int(); break;
                case "--events": events = Int(); break;
                case "--big-account-events": big = Int(); break;
                case "--seed": o = o with { Seed = Int() }; break;
                case "--out": o = o with { Output = Next() }; break;
                case "--pid-file": o = o with { PidFile = Next() }; break;
                case "--service-log": o = o with { ServiceLog = Next() }; break;
                case "--commit": o = o with { Commit = Next() }; break;
                case "--command": o = o with { Command = Next() }; break;
                case "--phases":
                    var phases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var known = new[] { "writes", "reads", "sales", "health", "paging", "history", "statements", "rebuild" };
                    o = o with { Phases = phases.All(known.Contains) ? phases.ToHashSet(StringComparer.Ordinal) : throw new ArgumentException($"--phases takes {string.Join(",", known)}") };
                    break;
                case "--service-env":
                    var pair = Next().Split('=', 2);
                    environment[pair[0]] = pair.Length == 2 && pair[0].Length > 0 ? pair[1] : throw new ArgumentException("--service-env needs KEY=VALUE");
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        // Quick scale: small enough for the whole run (build included) to stay well under 3 minutes.
        o = o with
        {
            ConnectionString = connection ?? throw new ArgumentException("--connection is required"),
            ServiceDll = dll ?? throw new ArgumentException("--service-dll is required"),
            Accounts = accounts ?? (o.Quick ? 100 : 1_000),
            Events = events ?? (o.Quick ? 10_000 : 200_000),
            BigAccountEvents = big ?? (o.Quick ? 2_000 : 10_000),
            ServiceEnvironment = environment,
        };
        if (!o.DatabaseName.Contains("bench", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"refusing to reset database '{o.DatabaseName}': its name must contain 'bench'");
        }

        if (o.BigAccountEvents < 200 || o.Accounts < 2 || o.Events < o.Accounts + Seeder.ReferenceAccountEvents)
        {
            throw new ArgumentException("need --big-account-events >= 200, --accounts >= 2 and --events >= accounts + 100");
        }

        return o;
    }
}
