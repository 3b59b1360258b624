using System.Diagnostics;
using System.Globalization;

namespace Kam.EventStore.Bench;

/// <summary>
/// The real service process, started from the Release build output (<c>dotnet Kam.EventStore.dll</c>), its output
/// appended to a log file. Its pid goes to a pid file so scripts/bench.sh can kill it even if this client dies.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>The variables every measured service runs with: Production, the run's own token key, no rate limit.</summary>
    public static Dictionary<string, string> ProductionEnvironment(string connectionString, Kam.EventStore.Security.AuthSettings auth) =>
        new(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Marten"] = connectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__Issuer"] = auth.Issuer!,
            ["Auth__Audience"] = auth.Audience!,
            ["Auth__SigningKey"] = auth.SigningKey!,
            ["RateLimit__PermitLimit"] = "1000000000",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };

    private readonly Process _process;

    private ServiceProcess(Process process, long startedAt)
    {
        _process = process;
        StartedAt = startedAt;
    }

    public int Pid => _process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was created.</summary>
    public long StartedAt { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellation) => _process.WaitForExitAsync(cancellation);

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> with the given environment; <c>exec</c> keeps the shell's pid.</summary>
    public static ServiceProcess Start(string dll, IEnumerable<string> args, IDictionary<string, string> environment, string logFile, string? pidFile)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
        };
        // sh -c 'exec dotnet "$@" >>log 2>&1' sh-name log dll args...
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=$1; shift; exec dotnet \"$@\" >>\"$log\" 2>&1 </dev/null");
        info.ArgumentList.Add("kam-service");
        info.ArgumentList.Add(logFile);
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the service");
        if (pidFile is not null)
        {
            File.WriteAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        }

        return new ServiceProcess(process, startedAt);
    }

    /// <summary>Polls <paramref name="path"/> every 10 ms until it answers 2xx; returns ms since process start.</summary>
    public async Task<double> WaitForSuccessAsync(HttpClient http, string path, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with code {_process.ExitCode} before answering {path}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetElapsedTime(StartedAt).TotalMilliseconds;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"the service did not answer {path} within {timeout.TotalSeconds} s");
    }

    /// <summary>A memory figure of the process from /proc/&lt;pid&gt;/status, in MiB (VmHWM: peak RSS; VmRSS: current).</summary>
    public double ReadMemoryMiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException($"{field} not found in /proc/{Pid}/status");
    }

    /// <summary>The files the process has mapped (its loaded assemblies among them), from /proc/&lt;pid&gt;/maps.</summary>
    public IReadOnlyList<string> LoadedModules() =>
        [.. File.ReadLines($"/proc/{Pid}/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 6).Select(f => f[5]).Distinct()];

    /// <summary>CPU time (user + system) the process has used so far, in ms, from /proc/&lt;pid&gt;/stat (100 ticks/s).</summary>
    public double ReadCpuMs()
    {
        var text = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>Resets the peak RSS (VmHWM) to the current RSS, so a later VmHWM is the peak of what came after.</summary>
    public bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText($"/proc/{Pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM (graceful shutdown), then SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}

/// <summary>A one-off command of the service's own CLI (e.g. <c>db-apply</c>, <c>projections rebuild</c>), timed.</summary>
public static class ServiceCommand
{
    public static async Task<(int ExitCode, double Seconds)> RunAsync(
        string dll, string[] args, IDictionary<string, string> environment, string logFile, string? pidFile, TimeSpan timeout)
    {
        await File.AppendAllTextAsync(logFile, $"\n==== dotnet {Path.GetFileName(dll)} {string.Join(' ', args)}\n");
        var sw = Stopwatch.StartNew();
        var service = ServiceProcess.Start(dll, args, environment, logFile, pidFile);
        await using (service)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await service.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
            }

            sw.Stop();
            return (service.ExitCode, sw.Elapsed.TotalSeconds);
        }
    }
}
