using JasperFx.Events;
using Kam.EventStore.Store;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.History;

/// <summary>
/// One row of the account event index: an event that belongs to an account, from any of its streams (its own, its
/// commitments', interactions', notes' and any later area's), with where it sits in the order of recording and in business
/// time.
/// </summary>
public sealed class AccountEventRow
{
    /// <summary>The event's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The account it belongs to.</summary>
    public Guid AccountId { get; set; }

    /// <summary>Its global sequence: the order of recording.</summary>
    public long Sequence { get; set; }

    /// <summary>The stream it is on.</summary>
    public Guid StreamId { get; set; }

    /// <summary>Its stored event name.</summary>
    public string Type { get; set; } = "";

    /// <summary>When it was recorded (the store's clock).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Where it sits in business time (<see cref="Domain.BusinessTime.Of"/>).</summary>
    public DateTimeOffset BusinessTime { get; set; }
}

/// <summary>
/// Writes the account event index: exactly one row per event carrying an account id (<see cref="IAccountEvent"/>), whatever its
/// stream. It is what finds an account's events across its streams: past views (the events after a checkpoint), the contact
/// activity of then (the interactions as recorded then) and the audit export read it. Inline, narrow and append-only, so a read
/// right after a write finds the event and the row commits with it or not at all. A test checks every account event has its row.
/// </summary>
public sealed partial class AccountEventIndexProjection : EventProjection
{
    public AccountEventIndexProjection()
    {
        RegisterPublishedType(typeof(AccountEventRow));
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is IAccountEvent fact)
        {
            operations.Store(new AccountEventRow
            {
                Id = e.Id,
                AccountId = fact.AccountId,
                Sequence = e.Sequence,
                StreamId = e.StreamId,
                Type = e.EventTypeName,
                RecordedAt = e.Timestamp.ToUniversalTime(),
                BusinessTime = Domain.BusinessTime.Of(fact),
            });
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The account event index in SQL: the one place its table is named.</summary>
public static class AccountEventIndex
{
    /// <summary>The index's table, for reads in plain SQL (columns <c>account_id</c>, <c>sequence</c>, <c>stream_id</c>, <c>type</c>, <c>recorded_at</c>, <c>business_time</c>).</summary>
    public static string Table(IQuerySession session) => session.DocumentStore.Options.Schema.For<AccountEventRow>();

    /// <summary>Registers the index with Marten: inline, and its columns and two indexes.</summary>
    public static StoreOptions ConfigureAccountEventIndex(this StoreOptions options)
    {
        options.Projections.Add(new AccountEventIndexProjection(), JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        options.Columns<AccountEventRow>(
            [
                nameof(AccountEventRow.AccountId), nameof(AccountEventRow.Sequence), nameof(AccountEventRow.StreamId), nameof(AccountEventRow.Type),
                nameof(AccountEventRow.RecordedAt), nameof(AccountEventRow.BusinessTime),
            ],
            // The account's events in the order they were recorded, with the times past views filter them by, so those reads
            // scan the index alone (AccountViewReads); and those of one kind (its interactions' readings).
            new DocumentColumns.Index("ix_accounteventrow_sequence", ["account_id", "sequence", "recorded_at", "business_time"]),
            new DocumentColumns.Index("ix_accounteventrow_type", ["account_id", "type", "sequence"]));
        return options;
    }
}
