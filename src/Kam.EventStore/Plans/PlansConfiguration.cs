using JasperFx.Events.Projections;
using Marten;

namespace Kam.EventStore.Plans;

public static class PlansConfiguration
{
    /// <summary>Registers the account plan's write model, which is also the row of the account's plan list, with Marten.</summary>
    public static StoreOptions ConfigurePlans(this StoreOptions options)
    {
        // Event names come with the account's (IAccountEvent) registration: every plan event carries the account id.
        options.Projections.Snapshot<AccountPlan>(SnapshotLifecycle.Inline);
        options.Schema.For<AccountPlan>().Duplicate(x => x.AccountId);
        return options;
    }
}
