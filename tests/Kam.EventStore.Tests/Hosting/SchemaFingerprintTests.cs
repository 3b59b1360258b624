using System.Diagnostics;
using Kam.EventStore.Hosting;
using Kam.EventStore.Store;
using Npgsql;

namespace Kam.EventStore.Tests.Hosting;

/// <summary>
/// Outside Development and Testing the service never migrates its schema: db-apply does, at deployment, and records a
/// fingerprint (this version's DDL, the catalog it left). An instance whose DDL was recorded with the catalog as it is skips
/// the full schema check; anything else gets the full check, which refuses a schema that does not match. Run as an operator
/// runs it: the built program, in Production, over a database of its own.
/// </summary>
public sealed class SchemaFingerprintTests : IAsyncLifetime
{
    private readonly string _database = "kam_fingerprint_" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestDatabase.EnsureAsync(_database);

    public Task DisposeAsync() => TestDatabase.DropAsync(_connectionString, _database);

    [Fact]
    public async Task a_start_on_what_db_apply_recorded_skips_the_full_check_and_a_schema_changed_behind_its_back_is_refused()
    {
        (await RunAsync(["db-apply"])).Code.ShouldBe(0);
        var recorded = await ScalarAsync($"select count(*) from {SchemaFingerprint.Table}");
        recorded.ShouldBe(1L);

        var started = await StartAsync();
        started.Output.ShouldContain("as db-apply recorded it for this version");
        started.Output.ShouldNotContain("the whole schema was checked");

        // Behind db-apply's back: a column the service reads is gone, the fingerprint row is left as it was.
        await ExecuteAsync("alter table mt_doc_accountstatus drop column mt_last_modified");
        var refused = await RunAsync(["--urls", "http://127.0.0.1:0"]);

        refused.Code.ShouldBe(StartFailures.ExitCode);
        refused.Errors.ShouldHaveSingleItem().ShouldStartWith("Kam.EventStore failed to start: the database schema does not match this version of the service");
    }

    [Fact]
    public async Task a_fingerprint_of_another_version_does_not_let_a_wrong_schema_through()
    {
        (await RunAsync(["db-apply"])).Code.ShouldBe(0);
        await ExecuteAsync("drop index ix_accountstatus_list");
        // A row as another version's db-apply would have left it: its own DDL, recorded with the catalog exactly as it is now.
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            var catalog = await SchemaFingerprint.CatalogAsync(connection, ["public"]);
            await using var stale = new NpgsqlCommand($"update {SchemaFingerprint.Table} set expected_ddl = 'another version', catalog = $1", connection);
            stale.Parameters.Add(new NpgsqlParameter { Value = catalog });
            (await stale.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var refused = await RunAsync(["--urls", "http://127.0.0.1:0"]);

        refused.Code.ShouldBe(StartFailures.ExitCode);
        refused.Errors.ShouldHaveSingleItem().ShouldStartWith("Kam.EventStore failed to start: the database schema does not match this version of the service");
    }

    [Fact]
    public async Task without_a_fingerprint_a_matching_schema_still_starts_after_the_full_check()
    {
        (await RunAsync(["db-apply"])).Code.ShouldBe(0);
        await ExecuteAsync($"drop table {SchemaFingerprint.Table}");

        var started = await StartAsync();

        started.Output.ShouldContain("the whole schema was checked");
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Marten"] = _connectionString,
        ["Auth__Issuer"] = "kam-fingerprint-tests",
        ["Auth__Audience"] = "kam-eventstore",
        ["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
    };

    private async Task<(int Code, string Output, List<string> Errors)> RunAsync(string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A start that should have been refused is serving: stop it, and say so.
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"dotnet Kam.EventStore.dll {string.Join(' ', args)} was still running after 60 s");
        }

        return (process.ExitCode, await output,
            [.. (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }

    /// <summary>Starts the server and stops it once it says it has started; what it printed until then.</summary>
    private async Task<(string Output, List<string> Errors)> StartAsync()
    {
        using var process = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0"]))!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.Contains("Application started", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        var text = output.ToString();
        text.ShouldContain("Application started", customMessage: $"the service did not start: {await errors}");
        return (text, [.. (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    private ProcessStartInfo StartInfo(string[] args) => ServiceBuild.StartInfo(args, Environment());

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
