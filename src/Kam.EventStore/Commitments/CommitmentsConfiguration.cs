using JasperFx.Events.Projections;
using Marten;

namespace Kam.EventStore.Commitments;

public static class CommitmentsConfiguration
{
    /// <summary>Registers the commitment write model, which is also the register row, with Marten.</summary>
    public static StoreOptions ConfigureCommitments(this StoreOptions options)
    {
        // Event names come with the account's (IAccountEvent) registration: every commitment event carries the account id.
        options.Projections.Snapshot<Commitment>(SnapshotLifecycle.Inline);
        options.Schema.For<Commitment>()
            .Duplicate(x => x.AccountId)
            .Duplicate(x => x.Owner)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.DueOn!);
        return options;
    }
}
