using JasperFx.Events.Projections;
using Marten;

namespace Kam.EventStore.Relationships;

public static class RelationshipsConfiguration
{
    /// <summary>Registers the account's relationship write model and the role read models with Marten.</summary>
    public static StoreOptions ConfigureRelationships(this StoreOptions options)
    {
        // Event names come with the account's (IAccountEvent) registration.
        options.Projections.Snapshot<AccountRelationships>(SnapshotLifecycle.Inline);
        options.Projections.Add<AccountRolesProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ManagerPortfolioProjection>(ProjectionLifecycle.Inline);
        options.AddStakeholderMasking();
        return options;
    }
}
