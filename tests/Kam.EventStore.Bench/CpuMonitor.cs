using System.Diagnostics;
using System.Globalization;

namespace Kam.EventStore.Bench;

/// <summary>CPU used during a phase, in cores (1.0 = one core busy for the whole phase).</summary>
public sealed record CpuUse(double Service, double Postgres, double Client, double Other)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cores: service {Service:0.00}, postgres {Postgres:0.00}, client {Client:0.00}, other processes {Other:0.00}");
}

/// <summary>
/// Splits the machine's CPU time during a phase between the service, our PostgreSQL, this client and everything
/// else, from /proc (Linux). The load client, the service and PostgreSQL share the cores, so this shows where the
/// time went, and whether another process on the box disturbed the measurement.
/// </summary>
public sealed class CpuMonitor
{
    private const double TicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux.

    private readonly Sample _start;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    private CpuMonitor(Sample start) => _start = start;

    /// <summary>The service process, when one is running.</summary>
    public static int? ServicePid { get; set; }

    /// <summary>The postmaster of the PostgreSQL the bench uses (found from a backend's parent pid).</summary>
    public static int? PostmasterPid { get; set; }

    public static CpuMonitor Start() => new(Take());

    public CpuUse Stop()
    {
        var end = Take();
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds * TicksPerSecond;
        if (seconds <= 0 || !end.Valid || !_start.Valid)
        {
            return new CpuUse(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double Cores(long ticks) => Math.Round(Math.Max(0, ticks) / seconds, 2);
        var service = end.Service - _start.Service;
        var postgres = end.Postgres - _start.Postgres;
        var client = end.Client - _start.Client;
        var other = end.Busy - _start.Busy - service - postgres - client;
        return new CpuUse(Cores(service), Cores(postgres), Cores(client), Cores(other));
    }

    /// <summary>Finds the postmaster: the parent of the backend serving <paramref name="backendPid"/>.</summary>
    public static void FindPostmaster(int backendPid)
    {
        if (Stat(backendPid) is { } stat)
        {
            PostmasterPid = stat.Ppid;
        }
    }

    private readonly record struct Sample(bool Valid, long Busy, long Service, long Postgres, long Client);

    private readonly record struct ProcStat(int Ppid, long Own, long Children);

    private static Sample Take()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => long.Parse(cpu[i], CultureInfo.InvariantCulture);
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + (cpu.Length > 8 ? Field(8) : 0);

            var client = Stat(Environment.ProcessId) is { } c ? c.Own + c.Children : 0;
            var service = ServicePid is { } s && Stat(s) is { } sv ? sv.Own : 0;
            long postgres = 0;
            if (PostmasterPid is { } pm && Stat(pm) is { } master)
            {
                // Exited backends are counted in the postmaster's children time; live ones one by one.
                postgres = master.Own + master.Children;
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                        pid != pm && Stat(pid) is { } child && child.Ppid == pm)
                    {
                        postgres += child.Own;
                    }
                }
            }

            return new Sample(true, busy, service, postgres, client);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return default;
        }
    }

    private static ProcStat? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which may contain spaces: state ppid ... utime(14) stime cutime cstime.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
            return new ProcStat((int)L(4), L(14) + L(15), L(16) + L(17));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
