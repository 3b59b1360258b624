using JasperFx.Events;
using JasperFx.Events.Projections;
using Kam.EventStore.Accounts;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.Sales;

/// <summary>
/// Keeps each account's <see cref="AccountSales"/> and its <see cref="SalesResultRow"/>s, inline (a read right after a write
/// sees them, and they commit with their events or not at all). Folds with <see cref="AccountSalesFold"/>, the whole-account
/// view's own code. Never reads the clock: results that depend on the date are computed when read.
/// </summary>
public sealed class AccountSalesProjection : ProjectionBase, IProjection
{
    public AccountSalesProjection()
    {
        Name = "AccountSales";
        Lifecycle = ProjectionLifecycle.Inline;
        RegisterPublishedType(typeof(AccountSales));
        RegisterPublishedType(typeof(SalesResultRow));
        Options.DeleteViewTypeOnTeardown<AccountSales>();
        Options.DeleteViewTypeOnTeardown<SalesResultRow>();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var accounts = events.Where(e => AccountSalesFold.Reads(e.Data)).GroupBy(e => ((IAccountEvent)e.Data).AccountId).ToList();
        if (accounts.Count == 0)
        {
            return;
        }

        var stored = (await operations.LoadManyAsync<AccountSales>(cancellation, accounts.Select(a => a.Key))).ToDictionary(s => s.Id);
        foreach (var account in accounts)
        {
            var ordered = account.OrderBy(e => e.Sequence).ToList();
            var sales = stored.GetValueOrDefault(account.Key);
            if (sales is null && ordered[0].Data is not KeyAccountDesignated)
            {
                // An account designated before its sales were kept: fold its history from the store first (once), as a rebuild would.
                foreach (var earlier in await History.AccountViewReads.EventsInStoreAsync(operations, account.Key, before: ordered[0].Sequence, cancellation))
                {
                    sales = AccountSalesFold.Apply(sales, earlier);
                }
            }

            sales = ordered.Aggregate(sales, AccountSalesFold.Apply);
            if (sales is null)
            {
                continue;
            }

            operations.Store(sales);
            operations.Store([.. SalesResultRow.Of(sales)]);
        }
    }
}
