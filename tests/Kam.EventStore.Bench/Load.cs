using System.Diagnostics;

namespace Kam.EventStore.Bench;

/// <summary>
/// One operation of a load phase, run by worker <c>worker</c>; true when it succeeded. The service and its raw
/// baseline are both measured through this same delegate shape and the same <see cref="Load"/> loop, so the
/// only difference between two sides of a ratio is the operation itself.
/// </summary>
public delegate ValueTask<bool> Operation(int worker, CancellationToken cancellation);

/// <summary>When a load phase stops: after a fixed duration, or after a fixed number of operations per worker.</summary>
public sealed record Limit(TimeSpan? Duration, int? OperationsPerWorker)
{
    public static Limit For(TimeSpan duration) => new(duration, null);

    public static Limit Count(int operationsPerWorker) => new(null, operationsPerWorker);

    public override string ToString() =>
        Duration is { } d ? $"{d.TotalSeconds:0.#} s" : $"{OperationsPerWorker} ops/worker";
}

/// <summary>A fixed number of workers issue operations back to back until the limit; every latency is kept.</summary>
public static class Load
{
    /// <summary>Hard cap on a phase, whatever its limit says: a hung operation must not hang the benchmark.</summary>
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(3);

    public static async Task<LoadResult> RunAsync(string name, int workers, Limit limit, Operation operation)
    {
        using var timeout = new CancellationTokenSource(PhaseTimeout);
        var latencies = new List<long>[workers];
        var errors = new long[workers];
        var firstErrors = new List<string>();
        var cpu = CpuMonitor.Start();
        var start = Stopwatch.GetTimestamp();
        var deadline = limit.Duration is { } d ? start + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var perWorker = limit.OperationsPerWorker ?? int.MaxValue;

        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(limit.OperationsPerWorker ?? 65_536);
            for (var i = 0; i < perWorker && Stopwatch.GetTimestamp() < deadline && !timeout.IsCancellationRequested; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(w, timeout.Token);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    ok = false;
                    lock (firstErrors)
                    {
                        if (firstErrors.Count < 3)
                        {
                            firstErrors.Add($"{e.GetType().Name}: {e.Message}");
                        }
                    }
                }

                var t1 = Stopwatch.GetTimestamp();
                if (ok)
                {
                    mine.Add(t1 - t0);
                }
                else
                {
                    errors[w]++;
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuUse = cpu.Stop();

        var all = new double[latencies.Sum(l => l.Count)];
        var k = 0;
        foreach (var list in latencies)
        {
            foreach (var ticks in list)
            {
                all[k++] = ticks * 1000.0 / Stopwatch.Frequency;
            }
        }

        Array.Sort(all);
        var result = new LoadResult(name, workers, limit.ToString(), all.Length, errors.Sum(), elapsed.TotalSeconds, all, firstErrors, cpuUse);
        Console.Error.WriteLine($"  {name,-34} {result.Summary()}");
        Console.Error.WriteLine($"  {"",-34} {cpuUse}");
        foreach (var error in firstErrors)
        {
            Console.Error.WriteLine($"    error: {error}");
        }

        return result;
    }
}

/// <summary>What a load phase measured. Percentiles are exact, taken from all sorted samples (nearest rank).</summary>
public sealed class LoadResult(
    string name, int workers, string limit, long count, long errors, double seconds, double[] sortedMs, IReadOnlyList<string> firstErrors, CpuUse cpu)
{
    public CpuUse Cpu { get; } = cpu;

    public string Name { get; } = name;
    public int Workers { get; } = workers;
    public string Limit { get; } = limit;
    public long Count { get; } = count;
    public long Errors { get; } = errors;
    public double Seconds { get; } = seconds;
    public IReadOnlyList<string> FirstErrors { get; } = firstErrors;

    /// <summary>Successful operations per second of wall time (phase start to the last worker's end).</summary>
    public double PerSecond => Seconds > 0 ? Count / Seconds : 0;

    /// <summary>Milliseconds of CPU per operation for a share of the cores used during the phase.</summary>
    public double CpuMs(double cores) => PerSecond > 0 ? cores / PerSecond * 1000 : double.NaN;

    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);
    public double Max => sortedMs.Length > 0 ? sortedMs[^1] : double.NaN;
    public double Mean => sortedMs.Length > 0 ? sortedMs.Average() : double.NaN;

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="q"/> of the samples at or below it.</summary>
    public double Percentile(double q)
    {
        if (sortedMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * sortedMs.Length);
        return sortedMs[Math.Clamp(rank - 1, 0, sortedMs.Length - 1)];
    }

    public string Summary() =>
        $"{PerSecond,9:N0}/s  p50 {P50,7:0.00} ms  p99 {P99,7:0.00} ms  n={Count:N0} errors={Errors} ({Seconds:0.0} s, {Workers} workers)";

    public object ToJson() => new
    {
        workers = Workers,
        limit = Limit,
        count = Count,
        errors = Errors,
        seconds = Math.Round(Seconds, 3),
        perSecond = Math.Round(PerSecond, 1),
        p50Ms = Round(P50),
        p99Ms = Round(P99),
        meanMs = Round(Mean),
        maxMs = Round(Max),
        firstErrors = FirstErrors,
        cpuCores = Cpu,
        cpuMsPerOperation = new
        {
            service = Round(CpuMs(Cpu.Service)),
            postgres = Round(CpuMs(Cpu.Postgres)),
            client = Round(CpuMs(Cpu.Client)),
        },
    };

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 3);
}
