using System.Diagnostics;

namespace Kam.EventStore.Tests.Hosting;

/// <summary>The service's own build (the configuration the tests were built in), started as a process of its own.</summary>
internal static class ServiceBuild
{
    /// <summary>The repository's root: the folder holding Kam.EventStore.sln, above the tests' build output.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kam.EventStore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Kam.EventStore.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>dotnet Kam.EventStore.dll args</c> from its build folder (where its appsettings.json is), with these variables.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var bin = Path.Combine(RepositoryRoot(), "src", "Kam.EventStore", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(bin, "Kam.EventStore.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
