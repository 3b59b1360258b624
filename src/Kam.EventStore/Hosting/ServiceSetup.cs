using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.Dashboard;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.Observability;
using Kam.EventStore.People;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Reviews;
using Kam.EventStore.Sales;
using Kam.EventStore.Store;
using Kam.EventStore.Timeline;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Hosting;

/// <summary>The service's wiring, kept out of Program.cs so that stays a table of contents.</summary>
public static class ServiceSetup
{
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
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBodyBytes;
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
        var marten = services.AddMarten(options => options.ConfigureKamStore(connectionString).ApplySchemaPolicy(builder.Environment));
        if (SchemaPolicy.AppliedAtDeployment(builder.Environment))
        {
            // The schema comes from db-apply at deployment (SchemaPolicy); a start against another schema fails, saying so.
            // Added here, after Marten's own start-up work and before the daemon's and Wolverine's: hosted services start in order.
            services.AddHostedService<SchemaCheck>();
        }

        marten.BuildSessionsWith<WriteSessions>()
            .IntegrateWithWolverine()
            // Asynchronous projections (the account view checkpoints) run on one node at a time, whichever holds the lock.
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold);
        if (!SchemaPolicy.AppliedAtDeployment(builder.Environment))
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

        // The OpenAPI document and Swagger UI are public: they answer before authentication and authorization. Only requests
        // under /swagger pass through their middleware (Swagger UI's includes a static file server).
        app.UseWhen(context => context.Request.Path.StartsWithSegments(OpenApi.RoutePrefix, StringComparison.OrdinalIgnoreCase), docs =>
        {
            docs.UseSwagger(OpenApi.ConfigureEndpoint);
            docs.UseSwaggerUI(OpenApi.ConfigureUi);
        });
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

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development environment: the {Header} header authenticates a caller without a token (roles from X-Kam-Roles, default reader). Never expose this environment.")]
    public static partial void DevelopmentHeaderEnabled(ILogger logger, string header);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development environment, but listening on a non-loopback address: the {Header} header is refused; callers need a bearer token.")]
    public static partial void DevelopmentHeaderRefused(ILogger logger, string header);
}
