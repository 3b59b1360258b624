using Kam.EventStore.Bench;

// The benchmark load client (see scripts/bench.sh and docs/benchmarks.md), or with "bare" the bare HTTP endpoint it measures
// the service against, or with "starts" start-up only (scripts/bench-start.sh).
if (args.Length > 0 && args[0] == BareEndpoint.Mode)
{
    return await BareEndpoint.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == StartTimes.Mode)
{
    return await StartTimes.RunAsync(args[1..]);
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

await using var bench = new Bench(options);
try
{
    return await bench.RunAsync();
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"error: benchmark failed: {e}");
    return 1;
}
