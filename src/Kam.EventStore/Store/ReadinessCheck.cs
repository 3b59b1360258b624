using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kam.EventStore.Store;

/// <summary>
/// Ready when the database answers and no asynchronous projection is stalled: a shard counts as stalled when it
/// is behind the newest event and has not moved since the previous check at least <see cref="StallAfter"/> ago.
/// (Inline projections commit with their events and cannot lag.)
/// </summary>
public sealed class ReadinessCheck(IDocumentStore store, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (long Sequence, DateTimeOffset Since)> _lastSeen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellationToken);
            var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
            var now = clock.GetUtcNow();
            var stalled = new List<string>();
            lock (_gate)
            {
                foreach (var shard in progress.Where(p => p.ShardName != ShardState.HighWaterMark))
                {
                    var behind = shard.Sequence < statistics.EventSequenceNumber;
                    if (!_lastSeen.TryGetValue(shard.ShardName, out var seen) || seen.Sequence != shard.Sequence)
                    {
                        _lastSeen[shard.ShardName] = (shard.Sequence, now);
                    }
                    else if (behind && now - seen.Since > StallAfter)
                    {
                        stalled.Add($"{shard.ShardName} at {shard.Sequence} of {statistics.EventSequenceNumber}");
                    }
                }
            }

            var data = new Dictionary<string, object> { ["events"] = statistics.EventCount, ["sequence"] = statistics.EventSequenceNumber };
            return stalled.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; projections moving.", data)
                : HealthCheckResult.Unhealthy($"Projections stalled: {string.Join(", ", stalled)}", data: data);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }
}
