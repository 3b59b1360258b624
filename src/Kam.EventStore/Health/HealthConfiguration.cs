using JasperFx.Events.Projections;
using Marten;

namespace Kam.EventStore.Health;

public static class HealthConfiguration
{
    /// <summary>
    /// Registers the health area with Marten: the formula's stream (its versions, kept inline as the document every score reads)
    /// and the accounts' health rows that lists filter and sort by (asynchronous: the daemon keeps them behind the writes).
    /// </summary>
    public static StoreOptions ConfigureHealth(this StoreOptions options)
    {
        options.MapEventNames<IHealthFormulaEvent>();
        options.Projections.Snapshot<HealthFormulaBook>(SnapshotLifecycle.Inline);
        options.Projections.Add(new AccountHealthProjection(), ProjectionLifecycle.Async);
        return options;
    }
}
