using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Kam.EventStore.Tests.Commitments;
using Marten;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.History;

/// <summary>The whole account as of an instant: what the records said then, from checkpoints, equal to a replay of the events.</summary>
public sealed class AccountViewTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_long_history_is_checkpointed_and_every_past_view_equals_a_replay_of_the_events_recorded_by_then()
    {
        var account = await Given.KeyAccount("Baltic Timber AB");
        var instants = new List<DateTimeOffset>();
        for (var i = 1; i <= 150; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(7));
            await Given.Change(account, "renames", new RenameKeyAccount { Name = $"Baltic Timber AB {i}" });
            if (i % 25 == 0)
            {
                instants.Add(App.Clock.Now);
            }
        }

        await Given.CheckpointsCaughtUp();
        var checkpoints = await Given.Checkpoints(account);
        checkpoints.Select(c => c.Id).ShouldBe([AccountCheckpoints.Id(account, 64), AccountCheckpoints.Id(account, 128), AccountCheckpoints.TipId(account)]);
        checkpoints[^1].View.EventCount.ShouldBe(151);

        var events = await Given.AllEvents(account);
        events.Count.ShouldBe(151);
        await using var session = App.Store.QuerySession();
        foreach (var instant in instants.Append(AppFixture.Start).Append(AppFixture.Start.AddMinutes(64 * 7)))
        {
            var fromCheckpoint = await AccountViewReads.AsOfAsync(session, account, instant, CancellationToken.None);
            Given.Json(fromCheckpoint!).ShouldBe(Given.Json(AccountViews.Naive(account, events, instant)));
        }

        var view = await Given.View(account, instants[1]);
        view.Status.Name.ShouldBe("Baltic Timber AB 50");
        view.Version.ShouldBe(51);
        view.EventCount.ShouldBe(51);
    }
}
