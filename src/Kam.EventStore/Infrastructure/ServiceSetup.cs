using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Kam.EventStore.Timeline;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;
using Weasel.Core;
using Wolverine.Persistence;

namespace Kam.EventStore.Infrastructure;

/// <summary>The service's wiring, kept out of Program.cs so that stays a table of contents.</summary>
public static class ServiceSetup
{
    /// <summary>Largest accepted request body. Commands are small; anything bigger is a mistake or an attack.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static WebApplicationBuilder AddKamEventStore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Handlers take the clock as a parameter; tests swap this registration for a controllable one.
        services.AddSingleton(TimeProvider.System);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResponses.Enrich);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        // Who is calling (bearer tokens; the development header only in Development) and what they may do:
        // every Wolverine endpoint gets its role by convention (AccessByConvention), in one place.
        builder.AddKamAuthentication();
        services.AddAuthorization(AccessPolicies.Configure);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        services.AddKamRateLimits(builder.Configuration);
        services.AddKamCors(builder.Configuration);

        var connectionString = ConnectionStrings.Resolve(builder.Configuration);
        services.AddMarten(options => options.ConfigureKamStore(connectionString))
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            // Asynchronous projections (the account view checkpoints) run on one node at a time, whichever holds the lock.
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold);

        // The recorded time of every event comes from the service's clock, the same one that refuses business times in the
        // future: "not recorded after T" then also bounds business time, and tests can tell the story day by day.
        services.ConfigureMarten((provider, options) => options.Events.TimeProvider = new RecordedClock(provider.GetRequiredService<TimeProvider>()));

        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            options.EnableRelayOfUserName = true;
            options.Durability.EnableDeduplicatedResponses = true;

            // Scheduled checks (a commitment's due date) are stored in PostgreSQL with the transaction that scheduled them.
            options.Policies.UseDurableLocalQueues();

            // A message handler that loses an optimistic race (a due check firing while the commitment is being
            // amended) simply tries again on the new version; its decision is idempotent.
            options.OnException<JasperFx.ConcurrencyException>().RetryTimes(3);
            options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
            GeneratedCode.Configure(options, builder.Environment, builder.Configuration);
        });
        services.AddWolverineHttp();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(OpenApi.Configure);

        services.AddHealthChecks()
            .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<ReadinessCheck>("database-and-projections", tags: ["ready"]);

        return builder;
    }

    /// <summary>
    /// The service's Marten configuration: serialization, event metadata and every stream's projections.
    /// Public so tools (the benchmark's bulk seeder and projection rebuilds) use exactly the same store.
    /// </summary>
    public static StoreOptions ConfigureKamStore(this StoreOptions options, string connectionString)
    {
        options.Connection(ConnectionStrings.ForService(connectionString));

        // A session keeps the one connection it opened: a command's loads, the inline projections' loads and its commit run
        // on one pooled connection (and its prepared statements) instead of taking one from the pool for each.
        options.UseStickyConnectionLifetimes = true;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Events.MetadataConfig.EnableAll();
        options.Events.MetadataConfig.UserNameEnabled = true;

        // Rich appends assign each event's global sequence before inline projections run: the timeline orders
        // entries with the same business time by it, and Marten's default (Quick) leaves it 0 until after the
        // insert (checked on 9.58). Measured through the API on this 2-core box (status changes, 400 sequential,
        // 8 x 100 concurrent): sequential 50-54 req/s Rich vs 34-58 Quick (noise), concurrent 97-111 vs
        // 112-137 req/s. The service's writes are people recording what happened, not a firehose. A commit that
        // fails after drawing sequence numbers (a lost race) leaves Marten tombstones on no stream of ours.
        options.Events.AppendMode = EventAppendMode.Rich;
        options.ConfigureAccounts();
        options.ConfigurePeople();
        options.ConfigureRelationships();
        options.ConfigureCommitments();
        options.ConfigureInteractions();
        options.ConfigureTimeline();
        options.ConfigureHistory();
        RebuildInBulk(options);
        return options;
    }

    /// <summary>
    /// How the daemon replays events into a projection (a rebuild, the checkpoints' catch-up): in pages of a few thousand
    /// events rather than 500, keeping aggregates between pages, and during a rebuild writing each document once per few
    /// thousand rather than once per page (Marten then inserts them in bulk). Only the pace of a replay changes, not its result:
    /// the rebuild test and the bench compare every rebuilt document with the one built as the events arrived.
    /// </summary>
    private static void RebuildInBulk(StoreOptions options)
    {
        foreach (var projection in options.Projections.All)
        {
            projection.Options.BatchSize = 5_000;
            projection.Options.MaximumHopperSize = 20_000;
            projection.Options.RebuildFlushThreshold = 5_000;
            projection.Options.CacheLimitPerTenant = 5_000;
        }
    }

    public static WebApplication UseKamEventStore(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLimits>();
        if (!AuthSettings.IsDevelopmentLike(app.Environment))
        {
            app.UseHsts();
        }

        // The OpenAPI document and Swagger UI are public: they answer before authentication and authorization.
        app.UseSwagger();
        app.UseSwaggerUI(OpenApi.ConfigureUi);

        app.UseCors();
        app.UseAuthentication();
        // After authentication, so the limit is per authenticated caller; before authorization, so floods of 401s count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<StrictQueryParameters>();
        if (app.Environment.IsDevelopment())
        {
            StartupLog.DevelopmentHeaderEnabled(app.Logger, Callers.DevelopmentHeader);
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") })
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymous().DisableRateLimiting();

        app.MapWolverineEndpoints(http =>
        {
            http.AddMiddleware(typeof(CorrelationIds), chain => chain.HttpMethods.Contains("POST"));
            http.MapConcurrencyFailuresToConflict(
                _ => true,
                e => Problems.Conflict("version-conflict", e.Message + " Reload, then retry with the current version."));
            http.AddPolicy<IdempotentPosts>();
            http.AddPolicy<AccessByConvention>();
            http.AddPolicy<TypedQueryParameters>();
        });

        return app;
    }
}

/// <summary>
/// The clock of recorded times, to the microsecond: what PostgreSQL stores. Inline projections see an event's recorded time
/// before it is stored, rebuilds see it as stored; with the clock's 100-nanosecond ticks the two differed (a timeline entry's
/// <c>recordedAt</c>, an interaction's), and rebuilt documents no longer equalled the ones built as events arrived.
/// </summary>
public sealed class RecordedClock(TimeProvider clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}

/// <summary>
/// Wolverine's handler and endpoint code: generated ahead of time into <c>Internal/Generated</c> (scripts/codegen.sh) and
/// compiled with the service, so outside Development no code is generated at start-up and Roslyn never loads: generating it
/// was half the CPU of a start. Development generates it in memory, so an endpoint being written answers without
/// regenerating. A test fails when the generated code no longer matches the endpoints (GeneratedCodeTests).
/// </summary>
public static class GeneratedCode
{
    /// <summary>Where <c>codegen write</c> writes (relative to the content root); the staleness test points it elsewhere.</summary>
    public const string OutputPathSetting = "Codegen:OutputPath";

    public static void Configure(WolverineOptions options, IHostEnvironment environment, IConfiguration configuration)
    {
        if (configuration[OutputPathSetting] is { Length: > 0 } output)
        {
            options.CodeGeneration.GeneratedCodeOutputPath = output;
        }

        if (environment.IsDevelopment())
        {
            options.UseRuntimeCompilation();
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
        }
        else
        {
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        }
    }
}

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development environment: the {Header} header authenticates a caller without a token (roles from X-Kam-Roles, default reader). Never expose this environment.")]
    public static partial void DevelopmentHeaderEnabled(ILogger logger, string header);
}
