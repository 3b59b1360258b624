using JasperFx.Events.Projections;
using Kam.EventStore.Infrastructure;
using Marten;

namespace Kam.EventStore.Accounts;

public static class AccountsConfiguration
{
    /// <summary>Registers the account stream's write model and read models with Marten.</summary>
    public static StoreOptions ConfigureAccounts(this StoreOptions options)
    {
        options.MapEventNames<IAccountEvent>();

        // The write model, inline so a command loads one row rather than replaying the stream.
        options.Projections.Snapshot<KeyAccount>(SnapshotLifecycle.Inline);

        // The dashboard view, inline so a read right after a write sees it, and so the unique registry id
        // is enforced by the same transaction that appends the designation.
        options.Projections.Add<AccountStatusProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<AccountStatus>()
            .UniqueIndex(x => x.RegistryKey)
            .Duplicate(x => x.NameKey)
            .Duplicate(x => x.Tier)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.DesignationEnded);

        // Contact and promises in numbers, beside the status: its interaction and commitment streams commit on their own, so
        // they get a document of their own, read with the status in one statement (AccountStatusReads).
        options.Projections.Add(new AccountActivityProjection(), ProjectionLifecycle.Inline);

        return options;
    }
}
