using JasperFx.Events.Projections;
using Kam.EventStore.Interactions;
using Kam.EventStore.Store;
using Marten;
using Weasel.Postgresql.Tables;

namespace Kam.EventStore.Timeline;

public static class TimelineConfiguration
{
    /// <summary>Registers the account timeline with Marten.</summary>
    public static StoreOptions ConfigureTimeline(this StoreOptions options)
    {
        // Inline: a read right after a write sees the entry, and the entry commits with its event or not at all.
        options.Projections.Add(new TimelineProjection(), ProjectionLifecycle.Inline);

        // Columns so a page is plain SQL over indexes: (account, business time, sequence, revision) is the page order, so a
        // page is one range scan of it whatever the account's size; (entry, revision) finds an entry's later reading.
        options.Columns<TimelineEntry>(
            [
                nameof(TimelineEntry.AccountId), nameof(TimelineEntry.BusinessTime), nameof(TimelineEntry.Sequence), nameof(TimelineEntry.Revision),
                nameof(TimelineEntry.EntryId), nameof(TimelineEntry.RecordedAt), nameof(TimelineEntry.Kind), nameof(TimelineEntry.PersonIds),
                nameof(TimelineEntry.StakeholderIds),
            ],
            new("ix_timelineentry_page", ["account_id", "business_time", "sequence", "revision"]),
            // Only interactions have more than one reading, so only their rows are indexed (queries say kind = 'InteractionRecorded').
            new("ix_timelineentry_reading", ["entry_id", "revision"], Where: $"kind = '{nameof(InteractionRecorded)}'"),
            // For a filter on a person or stakeholder who appears rarely, the planner can collect their entries by these
            // and sort them, rather than walk the page index past everything else. Most entries name nobody (a status change):
            // those rows stay out of the GIN indexes, which made every write pay for them (queries say the array is not empty).
            new("ix_timelineentry_people", ["person_ids"], IndexMethod.gin, Where: "person_ids <> '{}'::character varying[]"),
            new("ix_timelineentry_stakeholders", ["stakeholder_ids"], IndexMethod.gin, Where: "stakeholder_ids <> '{}'::uuid[]"));

        return options;
    }
}
