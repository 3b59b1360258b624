using Alba;
using JasperFx.CommandLine;
using Kam.EventStore.Store;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Persistence;

namespace Kam.EventStore.Tests;

/// <summary>
/// One running service per test collection, over a real PostgreSQL database of its own (<c>kam_tests</c> beside
/// whatever database is configured), with a clock the tests control.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly string _database;

    public AppFixture()
        : this(TestDatabase.Name)
    {
    }

    /// <summary>A service over database <paramref name="database"/> instead of the shared test database (xunit takes one public constructor).</summary>
    internal AppFixture(string database) => _database = database;

    /// <summary>"Now" for every test: business times in tests are stated relative to it.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public TestClock Clock { get; } = new(Start);

    public IAlbaHost Host { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public string ConnectionString { get; private set; } = "";

    /// <summary>What the service logged (Information and above), for tests of log levels.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Who every request is from unless a test says otherwise (<see cref="TestCallers.As"/>, <see cref="TestCallers.Anonymous"/>).</summary>
    public const string DefaultUser = "dev-user";

    /// <summary>The default caller may do everything, so tests of business rules are not tests of roles.</summary>
    public static readonly string[] DefaultRoles = [Roles.Admin, Roles.Approver];

    /// <summary>A dashboard origin the test host allows cross-origin.</summary>
    public const string DashboardOrigin = "https://dashboard.example.com";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.EnsureAsync(_database);
        Host = await StartAsync(ConnectionString, Clock, new Dictionary<string, string?>
        {
            // Generous, so no test but the one about rate limits ever meets it.
            ["RateLimit:PermitLimit"] = "1000000",
            ["Cors:Origins:0"] = DashboardOrigin,
        }, configure: services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    /// <summary>A host of the service over the test database, with <paramref name="settings"/> on top of the defaults.</summary>
    public static async Task<IAlbaHost> StartAsync(
        string connectionString, TimeProvider clock, IReadOnlyDictionary<string, string?> settings,
        string environment = AuthSettings.TestingEnvironment, Action<IServiceCollection>? configure = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting($"ConnectionStrings:{ConnectionStrings.Name}", connectionString);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseEnvironment(environment);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton(clock);
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
                configure?.Invoke(services);
            });
        });

        // Every request carries the default caller's token unless the scenario replaces or removes it.
        var defaultToken = TestCallers.Bearer(DefaultUser, DefaultRoles);
        host.BeforeEach(context => context.Request.Headers.Authorization = defaultToken);
        return host;
    }

    /// <summary>A raw HTTP client (for racing requests in parallel) that calls as the default caller.</summary>
    public HttpClient CreateClient()
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add(Microsoft.Net.Http.Headers.HeaderNames.Authorization, TestCallers.Bearer(DefaultUser, DefaultRoles));
        return client;
    }

    /// <summary>Every test starts from an empty store, and the clock back at <see cref="Start"/>.</summary>
    public async Task ResetAsync()
    {
        Clock.Now = Start;

        // The reset deletes every table's rows while the previous test's background work (the async daemon, a scheduled
        // due check) may still hold row locks; PostgreSQL then breaks the rare deadlock by failing one side (seen once under
        // load 18). The reset is idempotent: try again rather than fail a test that has not started.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Host.ResetAllMartenDataAsync();
                await Host.ClearAllPersistedWolverineDataAsync();
                return;
            }
            catch (Exception e) when (attempt < 3 && IsDeadlock(e))
            {
                await Task.Yield();
            }
        }
    }

    private static bool IsDeadlock(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }

    public async Task DisposeAsync()
    {
        // A host that failed to start has nothing to stop.
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

/// <summary>The test database: the configured server, database <c>kam_tests</c>, created when missing.</summary>
public static class TestDatabase
{
    public const string Name = "kam_tests";

    public static async Task<string> EnsureAsync(string name = Name)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var builder = new NpgsqlConnectionStringBuilder(ConnectionStrings.Resolve(configuration));
        var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"create database {name}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    /// <summary>Drops database <paramref name="name"/> (a throwaway one, never <see cref="Name"/>), closing its connections.</summary>
    public static async Task DropAsync(string connectionString, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTests : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base of every API test: shares the collection's host and resets the data before each test.</summary>
[Collection(ApiTests.Name)]
public abstract class ApiTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;

    protected IAlbaHost Host => App.Host;

    protected Scenarios Given => new(App);

    public Task InitializeAsync() => App.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The service's clock in tests: stands still unless a test moves it, and goes back to the start for the next test.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>What a test host logged at Information and above, kept in memory (the latest 50,000 entries).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int Capacity = 50_000;
    private readonly System.Collections.Concurrent.ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Add(new LogEntry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
