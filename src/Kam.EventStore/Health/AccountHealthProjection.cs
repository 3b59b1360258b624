using JasperFx.Events;
using JasperFx.Events.Projections;
using Kam.EventStore.History;
using Kam.EventStore.Portfolio;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.Health;

/// <summary>
/// Keeps each account's <see cref="AccountHealthRow"/>, asynchronously (the async daemon): after events of an account, from its
/// whole view now (the nearest checkpoint and the events after it, whatever the checkpoints' own progress); after a new formula
/// version, for every account. Never reads the clock: the schedule starts at the date of the account's latest recorded event.
/// </summary>
public sealed class AccountHealthProjection : ProjectionBase, IProjection
{
    public AccountHealthProjection()
    {
        Name = "AccountHealth";
        Lifecycle = ProjectionLifecycle.Async;
        RegisterPublishedType(typeof(AccountHealthRow));
        Options.DeleteViewTypeOnTeardown<AccountHealthRow>();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var accounts = events.Where(e => e.Data is IAccountEvent).Select(e => ((IAccountEvent)e.Data).AccountId).Distinct().ToList();
        if (events.Any(e => e.Data is HealthFormulaRegistered))
        {
            accounts = [.. await operations.Query<AccountStatus>().Select(a => a.Id).ToListAsync(cancellation)];
        }

        if (accounts.Count == 0)
        {
            return;
        }

        var formula = HealthFormulaBook.Latest(await operations.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation));
        foreach (var chunk in accounts.Order().Chunk(100))
        {
            var views = await AccountViewReads.AsOfAsync(operations, chunk, null, cancellation);
            foreach (var view in views.Values)
            {
                operations.Store(AccountHealthRow.Of(view, formula));
            }
        }
    }
}
