using System.Diagnostics;
using Kam.EventStore.Hosting;

namespace Kam.EventStore.Tests.Hosting;

/// <summary>The service as an operator runs it: the built program in a process of its own, its exit code and its output.</summary>
public sealed class OperationsTests
{
    private const string Secret = "s3cret-pw-do-not-print";
    private const string Key = "a-signing-key-that-must-never-be-printed-0123456789";

    [Fact]
    public async Task a_start_that_cannot_reach_the_database_exits_1_with_one_clear_line()
    {
        var (code, output, errors) = await Run(["--urls", "http://127.0.0.1:0"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = AuthSettings.TestingEnvironment,
            ["ConnectionStrings__Marten"] = $"Host=127.0.0.1;Port=1;Database=kam;Username=postgres;Password={Secret}",
        });

        code.ShouldBe(StartFailures.ExitCode);
        errors.ShouldHaveSingleItem().ShouldStartWith("Kam.EventStore failed to start: the database is unreachable: Failed to connect to 127.0.0.1:1");
        (output + string.Join("", errors)).ShouldNotContain(Secret);
    }

    [Fact]
    public async Task a_start_with_bad_settings_exits_1_naming_the_setting()
    {
        var (code, _, errors) = await Run(["--urls", "http://127.0.0.1:0"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Marten"] = "Host=127.0.0.1;Port=1;Database=kam;Username=postgres",
        });

        code.ShouldBe(StartFailures.ExitCode);
        errors.ShouldHaveSingleItem().ShouldStartWith("Kam.EventStore failed to start: Authentication is not configured for the 'Production' environment");
        errors[0].ShouldContain("Auth:SigningKey");
    }

    [Fact]
    public async Task describe_shows_the_configuration_with_passwords_and_keys_masked()
    {
        var (code, output, _) = await Run(["describe"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = AuthSettings.TestingEnvironment,
            ["ConnectionStrings__Marten"] = $"Host=127.0.0.1;Port=1;Database=kam;Username=postgres;Password={Secret}",
            ["Auth__SigningKey"] = Key,
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=" + Secret,
        });

        code.ShouldBe(0);
        output.ShouldContain("SigningKey");
        output.ShouldContain("Username=postgres");
        output.ShouldNotContain(Secret);
        output.ShouldNotContain(Key[..20]);
    }

    [Theory]
    [InlineData("ConnectionStrings:Marten", "Host=db;Password=pw;Username=u", "Host=db;Password=***;Username=u")]
    [InlineData("ConnectionStrings:Marten", "Host=db;Username=u;Pwd='p;w'", "Host=db;Username=u;Pwd=***")]
    [InlineData("Auth:SigningKey", "abc", "***")]
    [InlineData("POSTGRES_PASSWORD", "abc", "***")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc", "***")]
    [InlineData("Telemetry:Endpoint", "https://user:pw@collector:4318", "https://user:***@collector:4318")]
    [InlineData("Auth:Issuer", "kam-eventstore", "kam-eventstore")]
    public void secrets_are_masked_by_name_or_inside_connection_strings(string key, string value, string shown) =>
        SecretMasking.Masked(key, value).ShouldBe(shown);

    /// <summary>Runs the service's own build (same configuration as the tests) and collects what it printed.</summary>
    private static async Task<(int Code, string Output, List<string> Errors)> Run(string[] args, Dictionary<string, string> environment)
    {
        using var process = Process.Start(ServiceBuild.StartInfo(args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output,
            [.. (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }
}
