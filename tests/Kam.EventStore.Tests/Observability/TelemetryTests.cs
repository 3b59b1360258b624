using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Alba;
using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Observability;
using Kam.EventStore.Tests.Commitments;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Kam.EventStore.Tests.Observability;

/// <summary>What an operator's collector would receive: the spans of a request down to SQL, and the Prometheus scrape.</summary>
public sealed class TelemetryTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_write_is_one_trace_from_the_request_through_marten_to_npgsql_tagged_with_what_it_appended()
    {
        using var spans = new ExportedSpans();
        await using var host = await AppFixture.StartAsync(App.ConnectionString, App.Clock,
            new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" }, configure: services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));

        var created = await host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Traced Oy", "FI-TRACED")).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(201);
        });
        var accountId = (await created.ReadAsJsonAsync<KeyAccountCreated>()).AccountId;

        var request = await spans.WaitFor(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/accounts");
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        trace.ShouldContain(s => s.Source.Name == "Marten", "Marten's connection span");
        trace.ShouldContain(s => s.Source.Name == "Npgsql" && s.ParentSpanId != default, "the SQL the write ran, as child spans");
        trace.Where(s => s != request).ShouldAllBe(s => s.TraceId == request.TraceId);

        request.GetTagItem("kam.events.appended").ShouldBe(1);
        request.GetTagItem("kam.events.types").ShouldBe("KeyAccountDesignated");
        request.GetTagItem("kam.account.id").ShouldBe(accountId.ToString());
    }

    [Fact]
    public async Task the_prometheus_endpoint_answers_when_enabled_and_does_not_exist_otherwise()
    {
        await using var host = await AppFixture.StartAsync(App.ConnectionString, App.Clock,
            new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        await host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Metered Oy", "FI-METERED")).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(201);
        });

        // The lag gauge reads the daemon's progress every 15 s; once the daemon has caught up, read it now.
        await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await host.Services.GetRequiredService<ProjectionLag>().Sample(CancellationToken.None);

        var scrape = await host.Scenario(x =>
        {
            x.Get.Url(Telemetry.PrometheusPath);
            x.Anonymous();
            x.StatusCodeShouldBeOk();
        });
        var text = await scrape.ReadAsTextAsync();
        text.ShouldContain("kam_events_appended");
        text.ShouldContain("event_type=\"KeyAccountDesignated\"");
        text.ShouldContain("http_server_request_duration_seconds");
        var lags = text.Split('\n').Where(l => l.StartsWith("kam_projection_lag", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        lags.Count.ShouldBe(2, "one per asynchronous projection");
        lags[0].ShouldMatch("""^kam_projection_lag\{otel_scope_name="Kam.EventStore",projection="AccountHealth:All"\} 0$""");
        lags[1].ShouldMatch("""^kam_projection_lag\{otel_scope_name="Kam.EventStore",projection="AccountViewCheckpoints:(V\d+:)?All"\} 0$""");

        // The shared host has neither OTLP nor Prometheus configured: nothing is exported, there is nothing to scrape.
        await Host.Scenario(x =>
        {
            x.Get.Url(Telemetry.PrometheusPath);
            x.StatusCodeShouldBe(404);
        });
    }

    [Fact]
    public async Task an_overdue_check_says_on_its_span_and_in_its_counter_which_commitment_and_what_it_found()
    {
        var spans = new ConcurrentQueue<(string Source, string? Commitment, string? DueOn, string? Outcome)>();
        var counted = new ConcurrentQueue<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Wolverine" or "Marten" or Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.GetTagItem("kam.overdue_check.outcome") is string outcome)
                {
                    spans.Enqueue((span.Source.Name + (span.ParentSpanId == default ? " (no parent)" : ""), span.GetTagItem("kam.commitment.id") as string, span.GetTagItem("kam.commitment.due_on") as string, outcome));
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Telemetry.Name && instrument.Name == "kam.commitments.overdue_checks")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    counted.Enqueue((string)tag.Value!);
                }
            }
        });
        meters.Start();

        var cast = await Given.KeyAccountWithKamAndDirector();
        var made = await Given.Promise(cast, CommitmentScenarios.Discount(cast, 5m, new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 15)));
        App.Clock.Now = new DateTimeOffset(2026, 11, 16, 6, 0, 0, TimeSpan.Zero);
        await Given.CheckDue(made.CommitmentId, new DateOnly(2026, 11, 15));
        await Given.CheckDue(made.CommitmentId, new DateOnly(2026, 11, 15));
        await Given.CheckDue(made.CommitmentId, new DateOnly(2026, 11, 10));

        var id = made.CommitmentId.ToString();
        spans.Where(s => s.Commitment == id).ShouldBe(
        [
            (Telemetry.Name, id, "2026-11-15", "became-overdue"),
            (Telemetry.Name, id, "2026-11-15", "already-overdue"),
            (Telemetry.Name, id, "2026-11-10", "due-date-changed"),
        ]);
        counted.ShouldBe(["became-overdue", "already-overdue", "due-date-changed"]);
    }

    /// <summary>The in-memory exporter's list, safe for the threads that stop activities, and awaitable.</summary>
    private sealed class ExportedSpans : ICollection<Activity>, IDisposable
    {
        private readonly List<Activity> _items = [];
        private readonly SemaphoreSlim _added = new(0);

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Dispose() => _added.Dispose();

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }

            _added.Release();
        }

        /// <summary>The first exported span matching <paramref name="match"/>, waiting for exports (not for time) up to 30 s.</summary>
        public async Task<Activity> WaitFor(Func<Activity, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                if (this.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await _added.WaitAsync(timeout.Token);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (_items)
            {
                return _items.ToList().GetEnumerator();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item) => this.AsEnumerable().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => this.ToList().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }
    }
}
