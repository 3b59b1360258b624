using Marten;

namespace Kam.EventStore.Store;

/// <summary>
/// Outside Development and Testing, the start-up check that the database schema is the one this version expects
/// (<see cref="SchemaPolicy"/>): the fingerprint db-apply recorded when it matches the catalog as it is now, else Marten's full
/// check, which throws <see cref="Weasel.Core.Migrations.DatabaseValidationException"/> naming what differs. Registered right
/// after Marten's own start-up work, so it runs before the daemon and Wolverine start and before Kestrel listens.
/// </summary>
public sealed partial class SchemaCheck(IDocumentStore store, ILogger<SchemaCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var database = store.Storage.Database;
        if (await SchemaFingerprint.MatchesAsync(database, store.Options.DatabaseSchemaName, cancellationToken))
        {
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            FingerprintMatched(logger, elapsed);
            return;
        }

        await database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
        var whole = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        FullCheckPassed(logger, whole);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema: as db-apply recorded it for this version (its fingerprint matches the DDL and the catalog); checked in {Milliseconds:0} ms.")]
    private static partial void FingerprintMatched(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Database schema: matches this version, but no fingerprint of db-apply matched it (run db-apply to record one), so the whole schema was checked: {Milliseconds:0} ms of the start.")]
    private static partial void FullCheckPassed(ILogger logger, double milliseconds);
}
