using Alba;
using JasperFx.Events;
using Kam.EventStore.History;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Kam.EventStore.Tests.History;

public static class HistoryScenarios
{
    public static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O"));

    public static async Task<AccountAsOf> View(this Scenarios given, Guid accountId, DateTimeOffset? asOf = null, string query = "") =>
        (await given.App.Host.GetAsJson<AccountAsOf>($"/api/accounts/{accountId}/view?{(asOf is { } at ? "asOf=" + At(at) : "")}{query}"))!;

    /// <summary>Waits until the async daemon has caught up (the checkpoints are behind the writes by design).</summary>
    public static Task CheckpointsCaughtUp(this Scenarios given) =>
        given.App.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    public static async Task<IReadOnlyList<AccountViewCheckpoint>> Checkpoints(this Scenarios given, Guid accountId)
    {
        await using var session = given.App.Store.QuerySession();
        return await session.Query<AccountViewCheckpoint>().Where(c => c.AccountId == accountId).OrderBy(c => c.Sequence).ToListAsync();
    }

    /// <summary>
    /// Every event of the account from every stream, found in the event table itself rather than through the timeline index
    /// the reads use, for naive replays to compare with.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> AllEvents(this Scenarios given, Guid accountId)
    {
        await using var session = given.App.Store.QuerySession();
        return await AccountViewReads.EventsInStoreAsync(session, accountId, long.MaxValue, CancellationToken.None);
    }

    /// <summary>A view as JSON the way the store writes it, for exact comparisons.</summary>
    public static string Json(this Scenarios given, AccountView view) =>
        given.App.Store.Options.Serializer().ToJson(view);
}
