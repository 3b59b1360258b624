using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kam.EventStore.Bench;

/// <summary>One line of the results: the service's figure, its baseline from the same run, their ratio and the target.</summary>
public sealed record Row(string Key, string Title)
{
    public string Service { get; init; } = "";
    public string Baseline { get; init; } = "";
    public double? Ratio { get; init; }
    public string Target { get; init; } = "";
    public bool? Met { get; init; }

    /// <summary>Set when the thing cannot be measured yet (e.g. the endpoint does not exist).</summary>
    public string? NotAvailable { get; init; }

    public object? Detail { get; init; }

    public object ToJson() => NotAvailable is not null
        ? new Dictionary<string, object?> { ["title"] = Title, ["n/a"] = NotAvailable, ["target"] = Target }
        : new Dictionary<string, object?>
        {
            ["title"] = Title,
            ["service"] = Service,
            ["baseline"] = Baseline,
            ["ratio"] = Ratio is { } r ? Math.Round(r, 3) : null,
            ["target"] = Target,
            ["met"] = Met,
            ["detail"] = Detail,
        };
}

public sealed class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<Row> _rows = [];

    public Dictionary<string, object?> Header { get; } = [];

    public void Add(Row row)
    {
        _rows.Add(row);
        Console.Error.WriteLine($"  => {row.Title}: {(row.NotAvailable is { } na ? "n/a: " + na : $"{row.Service} | {row.Baseline} | {Ratio(row)} {Met(row)}")}");
    }

    public void NotImplemented(string key, string title, string target) =>
        Add(new Row(key, title) { NotAvailable = "endpoint not implemented yet", Target = target });

    /// <summary>The results as a Markdown table (printed, and pasted into docs/benchmarks.md).</summary>
    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Measurement | Service | Baseline (same run) | Ratio | Target | Met |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            sb.AppendLine(row.NotAvailable is { } na
                ? $"| {row.Title} | n/a: {na} | | | {row.Target} | n/a |"
                : $"| {row.Title} | {row.Service} | {row.Baseline} | {Ratio(row)} | {row.Target} | {Met(row)} |");
        }

        return sb.ToString();
    }

    public async Task WriteJsonAsync(string path)
    {
        var document = new Dictionary<string, object?>(Header)
        {
            ["results"] = _rows.ToDictionary(r => r.Key, r => r.ToJson()),
        };
        var json = JsonSerializer.Serialize(document, Indented);
        await File.WriteAllTextAsync(path, json + "\n");
    }

    private static string Ratio(Row row) => row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "";

    private static string Met(Row row) => row.Met switch { true => "yes", false => "**NO**", null => "" };

    /// <summary>Other processes on the box using more than this many cores during a phase get flagged in the table.</summary>
    public const double Disturbance = 0.15;

    public static string Ops(LoadResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.PerSecond:N0}/s, p50 {r.P50:0.00} ms, p99 {r.P99:0.00} ms{(r.Errors > 0 ? $", {r.Errors} errors" : "")}" +
        $"{(r.Workers > 1 && r.Cpu.Service + r.Cpu.Postgres > 0 ? $"; CPU/op {r.CpuMs(r.Cpu.Service):0.000} + {r.CpuMs(r.Cpu.Postgres):0.000} ms (svc + pg)" : "")}" +
        $"{(r.Cpu.Other > Disturbance ? $" (other processes used {r.Cpu.Other:0.00} cores)" : "")}");
}
