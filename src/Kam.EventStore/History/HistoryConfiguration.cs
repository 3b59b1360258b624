using Kam.EventStore.Store;
using Marten;

namespace Kam.EventStore.History;

public static class HistoryConfiguration
{
    public static StoreOptions ConfigureHistory(this StoreOptions options)
    {
        options.ConfigureAccountEventIndex();

        // Asynchronous: the daemon keeps the checkpoints behind the writes, which pay nothing for them. Reads never wait for
        // it: what it has not reached yet is replayed from the events.
        options.Projections.Add(new AccountViewCheckpointProjection(), JasperFx.Events.Projections.ProjectionLifecycle.Async);
        options.Columns<AccountViewCheckpoint>(
            [nameof(AccountViewCheckpoint.AccountId), nameof(AccountViewCheckpoint.Sequence), nameof(AccountViewCheckpoint.RecordedUpTo),
                nameof(AccountViewCheckpoint.BusinessUpTo), nameof(AccountViewCheckpoint.Shape)],
            new DocumentColumns.Index("ix_accountviewcheckpoint_account", ["account_id", "sequence"]));
        return options;
    }
}
