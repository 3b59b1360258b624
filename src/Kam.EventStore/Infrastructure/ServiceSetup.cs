using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Dashboard;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Reviews;
using Kam.EventStore.Sales;
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

        // Before AddProblemDetails, so it comes first among the writers: every problem is problem+json, whatever the Accept.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResponses.Enrich);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = RequestLimits.ServerRequestLineLimit;
            kestrel.AddServerHeader = false;
        });

        // Who is calling (bearer tokens; the development header only in Development) and what they may do:
        // every Wolverine endpoint gets its role by convention (AccessByConvention), in one place.
        builder.AddKamAuthentication();
        services.AddAuthorization(AccessPolicies.Configure);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        services.AddKamRateLimits(builder.Configuration);
        services.AddKamCors(builder.Configuration);
        services.AddSales(builder.Configuration);

        var connectionString = ConnectionStrings.Resolve(builder.Configuration);
        var marten = services.AddMarten(options => options.ConfigureKamStore(connectionString).ApplySchemaPolicy(builder.Environment))
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            // Asynchronous projections (the account view checkpoints) run on one node at a time, whichever holds the lock.
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold);
        if (SchemaPolicy.AppliedAtDeployment(builder.Environment))
        {
            // The schema comes from db-apply at deployment (SchemaPolicy); a start against another schema fails, saying so.
            marten.AssertDatabaseMatchesConfigurationOnStartup();
        }
        else
        {
            // Every table exists before the first request: hand-written reads (contacts, as-of views, exports) join tables
            // of documents that a fresh install may not have written yet, and Marten creates a table only on its type's first use.
            marten.ApplyAllDatabaseChangesOnStartup();
        }

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
            if (SchemaPolicy.AppliedAtDeployment(builder.Environment))
            {
                options.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            }

            Failover.Configure(options.Durability);

            // A message handler that loses an optimistic race (a due check firing while the commitment is being
            // amended) simply tries again on the new version; its decision is idempotent.
            options.OnException<JasperFx.ConcurrencyException>().RetryTimes(3);
            options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
            // DateTimeOffset now in an endpoint or handler is the service's clock, read once per request; never the system's.
            foreach (var systemClock in options.CodeGeneration.Sources.OfType<JasperFx.CodeGeneration.Model.NowTimeVariableSource>().ToList())
            {
                options.CodeGeneration.Sources.Remove(systemClock);
            }

            options.CodeGeneration.Sources.Insert(0, new ClockNow());
            options.Policies.Add<OneNowPerChain>();
            GeneratedCode.Configure(options, builder.Environment, builder.Configuration);
        });
        services.AddWolverineHttp();
        services.AddHostedService<HandlerWarmup>();
        services.AddProjects();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(OpenApi.Configure);

        // Traces and metrics: exported only when OTLP or the Prometheus endpoint is configured (Telemetry.cs).
        builder.AddKamTelemetry();

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
        Failover.Configure(options.Projections);
        options.ConfigureAccounts();
        options.ConfigurePeople();
        options.ConfigureRelationships();
        options.ConfigureCommitments();
        options.ConfigureInteractions();
        options.ConfigureSales();
        options.ConfigurePlans();
        options.ConfigureProjects();
        options.ConfigureTimeline();
        options.ConfigureHistory();
        options.ConfigureHealth();
        options.ConfigureReviews();
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
        app.UseSwagger(OpenApi.ConfigureEndpoint);
        app.UseSwaggerUI(OpenApi.ConfigureUi);
        // The dashboard's page and script are public too; the API calls they make are not.
        app.UseKamDashboard();

        app.UseCors();
        app.UseAuthentication();
        // After authentication, so the limit is per authenticated caller; before authorization, so floods of 401s count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<StrictQueryParameters>();
        app.UseMiddleware<RequestGuards>();
        if (app.Environment.IsDevelopment())
        {
            // Said once the addresses are known: the header works only while every one of them is loopback.
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                if (ListeningAddresses.LoopbackOnly(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()))
                {
                    StartupLog.DevelopmentHeaderEnabled(app.Logger, Callers.DevelopmentHeader);
                }
                else
                {
                    StartupLog.DevelopmentHeaderRefused(app.Logger, Callers.DevelopmentHeader);
                }
            });
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") })
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymous().DisableRateLimiting();

        app.UseKamTelemetry();

        app.MapWolverineEndpoints(http =>
        {
            http.AddMiddleware(typeof(CorrelationIds), chain => chain.HttpMethods.Contains("POST"));
            http.MapConcurrencyFailuresToConflict(
                _ => true,
                e => Problems.Conflict("version-conflict", e.Message + " Reload, then retry with the current version."));
            http.AddPolicy<IdempotentPosts>();
            http.AddPolicy<WriteConventions>();
            http.AddPolicy<AccessByConvention>();
            http.AddPolicy<TypedQueryParameters>();
            http.AddPolicy<GuidRouteIds>();
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

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development environment, but listening on a non-loopback address: the {Header} header is refused; callers need a bearer token.")]
    public static partial void DevelopmentHeaderRefused(ILogger logger, string header);
}
