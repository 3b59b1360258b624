using JasperFx.Events.Projections;
using Kam.EventStore.Store;
using Marten;

namespace Kam.EventStore.People;

public static class PeopleConfiguration
{
    /// <summary>Registers the person stream's write model and directory view with Marten.</summary>
    public static StoreOptions ConfigurePeople(this StoreOptions options)
    {
        options.MapEventNames<IPersonEvent>();

        // Events stored in an older shape read as the current one, under the same name (docs/event-versioning.md).
        options.UpgradeStoredShapes<PersonProfileChanged>(PersonProfileChangedShapes.Upgrade);

        // The write model, inline so a command loads one row rather than replaying the stream.
        options.Projections.Snapshot<Colleague>(SnapshotLifecycle.Inline);

        // The directory view, inline so a read right after a write sees it, and so other areas can load a person
        // by PersonIds.StreamId in the same transaction as their own writes.
        options.Projections.Add<PersonProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Person>()
            .Duplicate(x => x.NameKey)
            .Duplicate(x => x.PersonId)
            .Duplicate(x => x.OrgUnitKey)
            .Duplicate(x => x.HasLeft);

        return options;
    }
}
