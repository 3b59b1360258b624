using System.Diagnostics;
using System.Diagnostics.Metrics;
using JasperFx.Events.Projections;
using JasperFx.OpenTelemetry;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kam.EventStore.Observability;

/// <summary>
/// Traces and metrics (OpenTelemetry) of ASP.NET Core, Wolverine, Marten, Npgsql and the service's own: what each request
/// appended, how far each asynchronous projection lags, what each overdue check found. Nothing is collected or exported
/// unless asked: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables configure it), a
/// Prometheus scrape endpoint at <c>/metrics</c> when <c>Telemetry:Prometheus</c> is true.
/// </summary>
public static class Telemetry
{
    /// <summary>The service's ActivitySource and Meter.</summary>
    public const string Name = "Kam.EventStore";

    /// <summary>The <c>service.name</c> resource attribute unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "kam-eventstore";

    /// <summary>Where Prometheus scrapes, when enabled.</summary>
    public const string PrometheusPath = "/metrics";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    // Marten's and Wolverine's names, as shipped (Marten 9.58: ActivitySource and Meter "Marten"; Wolverine 6.62:
    // ActivitySource "Wolverine", Meter "Wolverine:<service name>"). Npgsql: "Npgsql".
    private static readonly string[] Sources = ["Wolverine", "Marten", Name];
    private static readonly string[] Meters = ["Wolverine:*", "Marten", Name];

    private static readonly Counter<long> OverdueChecks = Meter.CreateCounter<long>(
        "kam.commitments.overdue_checks", "{check}", "Scheduled overdue checks of commitments, by outcome");

    private static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>(
        "kam.events.appended", "{event}", "Events appended, by event type and stream kind");

    /// <summary>The latest reading of <see cref="ProjectionLag"/>: shard, last sequence processed, events behind.</summary>
    internal static IReadOnlyList<(string Shard, long Sequence, long Lag)> ProjectionProgress { get; set; } = [];

    private static readonly ObservableGauge<long> LagGauge = Meter.CreateObservableGauge(
        "kam.projection.lag", () => ProjectionProgress.Select(s => new Measurement<long>(s.Lag, Shard(s.Shard))),
        "{event}", "Events an asynchronous projection has yet to process");

    private static readonly ObservableGauge<long> SequenceGauge = Meter.CreateObservableGauge(
        "kam.projection.sequence", () => ProjectionProgress.Select(s => new Measurement<long>(s.Sequence, Shard(s.Shard))),
        "{event}", "The last event sequence an asynchronous projection processed");

    private static KeyValuePair<string, object?> Shard(string shard) => new("projection", shard);

    public static bool OtlpEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue<bool>("Telemetry:Prometheus");

    public static WebApplicationBuilder AddKamTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Cheap when nobody listens: Marten starts its spans and fills its counters only for a listener.
        services.AddHttpContextAccessor();
        services.ConfigureMarten((provider, options) =>
        {
            options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            options.OpenTelemetry.TrackEventCounters();
            options.Listeners.Add(new AppendTelemetry(provider.GetRequiredService<IHttpContextAccessor>()));
        });

        var otlp = OtlpEnabled(builder.Configuration);
        var prometheus = PrometheusEnabled(builder.Configuration);
        if (!otlp && !prometheus)
        {
            return builder;
        }

        services.AddSingleton<ProjectionLag>();
        services.AddHostedService(provider => provider.GetRequiredService<ProjectionLag>());
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPlumbing(context.Request.Path))
                .AddSource(Sources)
                .AddNpgsql())
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(Meters).AddNpgsqlInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Traces, metrics and logs, configured by the standard variables (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, ...).
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication UseKamTelemetry(this WebApplication app)
    {
        if (PrometheusEnabled(app.Configuration))
        {
            // Operational figures only (routes, event types, projection names; no personal data). Expose the port to the
            // scraper only, as with the health checks.
            app.MapPrometheusScrapingEndpoint(PrometheusPath).AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }

    /// <summary>Health probes and scrapes every few seconds would drown the traces of real requests.</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(PrometheusPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An overdue check ran: a span <c>kam.overdue_check</c> in the message's trace and the counter say which commitment,
    /// which due date and what it found. A span of its own, because inside the handler the current span is Marten's
    /// connection span, which names the message's span by id only.
    /// </summary>
    public static void OverdueChecked(Guid commitmentId, DateOnly dueOn, string outcome)
    {
        using (var span = Source.StartActivity("kam.overdue_check"))
        {
            span?.SetTag("kam.commitment.id", commitmentId.ToString());
            span?.SetTag("kam.commitment.due_on", dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            span?.SetTag("kam.overdue_check.outcome", outcome);
        }

        OverdueChecks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>
    /// Tags the span of the request (or message) that committed events with what it appended: how many, of which types, to
    /// which streams and accounts; and counts them by type.
    /// </summary>
    private sealed class AppendTelemetry(IHttpContextAccessor http) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            var events = commit.GetEvents().ToList();
            if (events.Count == 0)
            {
                return Task.CompletedTask;
            }

            foreach (var e in events)
            {
                EventsAppended.Add(1, new KeyValuePair<string, object?>("event.type", e.EventTypeName));
            }

            if ((http.HttpContext?.Features.Get<IHttpActivityFeature>()?.Activity ?? Entry(Activity.Current)) is { } span)
            {
                span.SetTag("kam.events.appended", events.Count);
                span.SetTag("kam.events.types", string.Join(",", events.Select(e => e.EventTypeName).Distinct(StringComparer.Ordinal)));
                span.SetTag("kam.events.streams", events.Select(e => e.StreamId).Distinct().Count());
                var accounts = events.Select(e => e.Data).OfType<IAccountEvent>().Select(e => e.AccountId).Distinct().Take(2).ToList();
                if (accounts.Count == 1)
                {
                    span.SetTag("kam.account.id", accounts[0].ToString());
                }

                span.SetTag("kam.events.last_sequence", events.Max(e => e.Sequence));
            }

            return Task.CompletedTask;
        }

        /// <summary>
        /// Outside a request (a message handler), the span of the message that did the work, else the current one. (Marten's
        /// connection span names its parent by id only, so the chain of parents can stop short of it.)
        /// </summary>
        private static Activity? Entry(Activity? current)
        {
            for (var span = current; span is not null; span = span.Parent)
            {
                if (span.Kind is ActivityKind.Server or ActivityKind.Consumer)
                {
                    return span;
                }
            }

            return current;
        }
    }
}

/// <summary>
/// How far each asynchronous projection (shard) is behind the newest event: a gauge <c>kam.projection.lag</c> (events,
/// tagged with the projection's shard) and <c>kam.projection.sequence</c>, read from Marten's progress table every
/// <see cref="Interval"/>. Inline projections commit with their events and never lag.
/// </summary>
public sealed class ProjectionLag(IDocumentStore store, ILogger<ProjectionLag> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await Sample(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // Readiness reports an unreachable database; the gauge keeps its last reading.
                LagLog.SampleFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task Sample(CancellationToken cancellation)
    {
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellation);
        var progress = await store.Advanced.AllProjectionProgress(token: cancellation);
        Telemetry.ProjectionProgress = [.. progress.Where(p => p.ShardName != ShardState.HighWaterMark)
            .Select(p => (p.ShardName, p.Sequence, Math.Max(0, statistics.EventSequenceNumber - p.Sequence)))];
    }
}

internal static partial class LagLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read projection progress for the lag gauge: {Reason}")]
    public static partial void SampleFailed(ILogger logger, string reason);
}
