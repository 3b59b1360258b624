using JasperFx.Events.Daemon;
using Wolverine;
using Wolverine.Runtime;

namespace Kam.EventStore.Store;

/// <summary>
/// How fast background work moves to a live node when one dies (README, Scale-out). Two kinds of work run on one node at a
/// time: Wolverine's durability agent (it runs the scheduled due checks and recovers messages a dead node owned), placed by
/// the elected leader; and Marten's async daemon (the account view checkpoints), held by whichever node has its PostgreSQL
/// advisory lock. Wolverine's defaults presume a node dead only a minute after its last heartbeat, so after a crash the
/// durability agent stayed with the dead node for about a minute; these settings make it seconds, measured by
/// <c>scripts/failover.sh</c>.
/// </summary>
public static class Failover
{
    /// <summary>Every node writes its heartbeat, and the leader checks the others, this often (Wolverine's default: 10 s).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A node whose last heartbeat is older than this is presumed dead: its agents are placed elsewhere on the next check, and
    /// after a second such check its row and the messages it owned are released (Wolverine's default: 1 minute). Five missed
    /// heartbeats: long enough that a garbage collection or a busy moment never ejects a live node (which would re-register
    /// itself anyway), short enough that a crash costs seconds.
    /// </summary>
    public static readonly TimeSpan NodePresumedDeadAfter = TimeSpan.FromSeconds(5);

    /// <summary>How often a node without the async daemon's lock tries to take it (Marten's default: 5 s).</summary>
    public const int DaemonLockPollingMilliseconds = 1000;

    public static void Configure(DurabilitySettings durability)
    {
        durability.HealthCheckPollingTime = HeartbeatInterval;
        // A restarted node checks the cluster at once: its crashed predecessor's agents wait for nobody else.
        durability.FirstHealthCheckExecution = TimeSpan.Zero;
        durability.StaleNodeTimeout = NodePresumedDeadAfter;
        // A new leader places the dead node's agents on its first evaluation instead of waiting one out (Wolverine's default
        // waits, lest an agent its predecessor was still starting run twice; here there is one durability agent, and its
        // work is guarded by database locks, so a brief second copy is harmless while a wait is a second without due checks).
        durability.LeaderTakeoverHoldEvaluations = 0;
        // Due checks fire within a second of their time, and an agent that takes over finds the overdue ones at once.
        durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
        durability.ScheduledJobFirstExecution = TimeSpan.Zero;
    }

    public static void Configure(DaemonSettings daemon) => daemon.LeadershipPollingTime = DaemonLockPollingMilliseconds;
}

/// <summary>
/// Compiles the service's own message handlers (the due checks) as soon as the service has started, in the background,
/// instead of on the first message: Wolverine generates handler code on first use, which on a loaded machine took
/// seconds, so a node that had just taken over ran its first due check seconds late.
/// </summary>
public sealed partial class HandlerWarmup(IWolverineRuntime runtime, IHostApplicationLifetime lifetime, ILogger<HandlerWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(Warm, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Warm()
    {
        if (runtime is not WolverineRuntime wolverine)
        {
            return;
        }

        foreach (var chain in wolverine.Handlers.Chains.Where(c => c.MessageType.Assembly == typeof(HandlerWarmup).Assembly))
        {
            try
            {
                wolverine.Handlers.HandlerFor(chain.MessageType);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
            {
                // The first message compiles it again and reports what is wrong; warming is only a head start.
                LogWarmupFailed(logger, e, chain.MessageType.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not prepare the handler of {MessageType} ahead of its first message")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception, string messageType);
}
