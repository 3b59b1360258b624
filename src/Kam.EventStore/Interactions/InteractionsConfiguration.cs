using JasperFx.Events.Projections;
using Kam.EventStore.Infrastructure;
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

        // The interaction as the record shows it; its columns answer the account's contact questions at read time
        // (last interaction, interactions in the last N days, last contact per stakeholder and pair) by index.
        options.Projections.Add<InteractionRecordProjection>(ProjectionLifecycle.Inline);
        options.Columns<InteractionRecord>(
            [
                nameof(InteractionRecord.AccountId), nameof(InteractionRecord.HappenedAt), nameof(InteractionRecord.Retracted),
                nameof(InteractionRecord.PersonIds), nameof(InteractionRecord.StakeholderIds),
            ],
            new DocumentColumns.Index("ix_interactionrecord_account_happened", ["account_id", "happened_at"]));

        options.Projections.Add<NoteProjection>(ProjectionLifecycle.Inline);

        // Who was met, per account across all its interaction streams; inline so the account status right after a write shows it.
        options.Projections.Add<AccountContactsProjection>(ProjectionLifecycle.Inline);

        return options;
    }
}
