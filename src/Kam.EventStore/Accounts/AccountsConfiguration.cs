using JasperFx.Events.Projections;
using Marten;

namespace Kam.EventStore.Accounts;

public static class AccountsConfiguration
{
    /// <summary>Registers the account stream's event names and write model with Marten (its views: <c>PortfolioConfiguration</c>).</summary>
    public static StoreOptions ConfigureAccounts(this StoreOptions options)
    {
        options.MapEventNames<IAccountEvent>();

        // The write model, inline so a command loads one row rather than replaying the stream.
        options.Projections.Snapshot<KeyAccount>(SnapshotLifecycle.Inline);

        return options;
    }
}
