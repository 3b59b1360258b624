using JasperFx.Events.Projections;
using Kam.EventStore.Store;
using Marten;

namespace Kam.EventStore.Sales;

public static class SalesConfiguration
{
    /// <summary>
    /// Registers the sales area with Marten: the write models of budget, actual, opportunity and negotiation streams (inline
    /// snapshots, so a command loads one row), and each account's sales and results rows. Event names come with the account's
    /// (<c>IAccountEvent</c>) registration: every sales event carries the account id.
    /// </summary>
    public static StoreOptions ConfigureSales(this StoreOptions options)
    {
        options.Projections.Snapshot<RevenueBudget>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<RevenueActual>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Opportunity>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Negotiation>(SnapshotLifecycle.Inline);
        options.Projections.Add(new AccountSalesProjection(), ProjectionLifecycle.Inline);
        options.Columns<SalesResultRow>(
            [nameof(SalesResultRow.AccountId), nameof(SalesResultRow.From), nameof(SalesResultRow.To)],
            new DocumentColumns.Index("ix_salesresultrow_period", ["from", "to"]),
            new DocumentColumns.Index("ix_salesresultrow_account", ["account_id"]));
        return options;
    }

    /// <summary>Binds the stage probabilities (section <c>Sales:StageProbabilities</c>) and refuses to start with one outside 0-100.</summary>
    public static IServiceCollection AddSales(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StageProbabilities>()
            .Bind(configuration.GetSection(StageProbabilities.Section))
            .Validate(p => p.Invalid() is null, $"{StageProbabilities.Section}: every probability is a percentage, 0-100.")
            .ValidateOnStart();
        return services;
    }
}
