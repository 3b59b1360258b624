using System.Diagnostics;
using Kam.EventStore.Store;
using Microsoft.Extensions.Configuration;

namespace Kam.EventStore.Tests.Hosting;

/// <summary>
/// The service loads its pre-generated Wolverine code outside Development (no code generation, no Roslyn at start-up). Stale
/// generated code would silently drop a new endpoint (404) or run an old shape of a changed one, so this test generates the
/// code afresh from the endpoints as they are and requires the committed files to be exactly that.
/// </summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public async Task the_committed_generated_code_is_what_the_endpoints_generate_now()
    {
        var committed = Path.Combine(ServiceBuild.RepositoryRoot(), "src", "Kam.EventStore", "Internal", "Generated");
        var fresh = Directory.CreateTempSubdirectory("kam-codegen-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = fresh,
            };
            info.ArgumentList.Add(typeof(Program).Assembly.Location);
            info.ArgumentList.Add("codegen");
            info.ArgumentList.Add("write");
            info.Environment["ASPNETCORE_ENVIRONMENT"] = AuthSettings.TestingEnvironment;
            info.Environment["ConnectionStrings__Marten"] = ConnectionStrings.Resolve(configuration);
            info.Environment["Codegen__OutputPath"] = fresh;
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0, $"codegen write failed: {await errors}{await output}");

            var expected = Files(fresh);
            var actual = Directory.Exists(committed) ? Files(committed) : [];
            expected.Count.ShouldBeGreaterThan(0);
            var stale = expected.Keys.Union(actual.Keys)
                .Where(name => expected.GetValueOrDefault(name) != actual.GetValueOrDefault(name))
                .Order(StringComparer.Ordinal)
                .Select(name => !actual.ContainsKey(name) ? $"missing {name}" : !expected.ContainsKey(name) ? $"left over {name}" : $"changed {name}")
                .ToList();
            stale.ShouldBeEmpty("The generated code in src/Kam.EventStore/Internal/Generated is stale: run scripts/codegen.sh and commit the result.");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    /// <summary>Every file under the folder by its relative path, with its text (line ends normalised).</summary>
    private static Dictionary<string, string> Files(string root) => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'),
            f => File.ReadAllText(f).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd(),
            StringComparer.Ordinal);
}
