using JasperFx.Events.Projections;
using Kam.EventStore.Store;
using Marten;

namespace Kam.EventStore.Interactions;

public static class InteractionsConfiguration
{
    /// <summary>Registers the interaction and note streams' write model and read models with Marten.</summary>
    public static StoreOptions ConfigureInteractions(this StoreOptions options)
    {
        // Event names come with the account's (IAccountEvent) registration: interaction and note events are account events.

        // The write model, inline so a correction or retraction loads one row.
        options.Projections.Snapshot<Interaction>(SnapshotLifecycle.Inline);

        // The interaction as the record shows it; its columns answer the relationship map's contact questions at read time
        // (last contact per stakeholder and pair) by index. The account's contact activity is tallied in Accounts/AccountActivity.
        options.Projections.Add<InteractionRecordProjection>(ProjectionLifecycle.Inline);
        options.Columns<InteractionRecord>(
            [
                nameof(InteractionRecord.AccountId), nameof(InteractionRecord.HappenedAt), nameof(InteractionRecord.Retracted),
                nameof(InteractionRecord.PersonIds), nameof(InteractionRecord.StakeholderIds),
            ],
            new DocumentColumns.Index("ix_interactionrecord_account_happened", ["account_id", "happened_at"]));

        options.Projections.Add<NoteProjection>(ProjectionLifecycle.Inline);

        return options;
    }
}
