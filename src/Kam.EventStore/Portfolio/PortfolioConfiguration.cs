using JasperFx.Events.Projections;
using Kam.EventStore.Store;
using Marten;

namespace Kam.EventStore.Portfolio;

public static class PortfolioConfiguration
{
    /// <summary>Registers the account's status and activity views with Marten.</summary>
    public static StoreOptions ConfigurePortfolio(this StoreOptions options)
    {
        // The dashboard view, inline so a read right after a write sees it, and so the unique registry id
        // is enforced by the same transaction that appends the designation.
        options.Projections.Add<AccountStatusProjection>(ProjectionLifecycle.Inline);
        // Columns for the list (filtered by tier, status and ended, ordered by name), with only the indexes reads use: the list's
        // order and the unique registry id (on a column, not on the document, so a status change leaves both indexes alone
        // and PostgreSQL can update the row in place). A status change used to write six index entries.
        options.Columns<AccountStatus>(
            [nameof(AccountStatus.NameKey), nameof(AccountStatus.RegistryKey), nameof(AccountStatus.Tier), nameof(AccountStatus.Status), nameof(AccountStatus.DesignationEnded)],
            new DocumentColumns.Index("ix_accountstatus_registry_key", ["registry_key"], Unique: true),
            new DocumentColumns.Index("ix_accountstatus_list", ["name_key", "id"]));

        // Contact and promises in numbers, beside the status: its interaction and commitment streams commit on their own, so
        // they get a document of their own, read with the status in one statement (AccountStatusReads).
        options.Projections.Add(new AccountActivityProjection(), ProjectionLifecycle.Inline);

        // The status answer now, kept as sent until what it shows changes (StatusAnswers).
        options.ConfigureStatusAnswers();

        return options;
    }
}
