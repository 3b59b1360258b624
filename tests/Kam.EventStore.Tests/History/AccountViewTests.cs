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

    // Instants (in steps of 7 minutes from the start) and business dates (in days after the first rename's) around the checkpoints.
    private static readonly int[] Steps = [0, 30, 63, 64, 65, 100, 128, 129, 141, 200];
    private static readonly int[] Days = [50, 63, 64, 65, 120, 139, 140];

    [Fact]
    public async Task a_past_view_starts_from_the_checkpoint_the_rule_chooses_by_recorded_time_business_date_and_sequence()
    {
        // Recorded every 7 minutes, each dated a day after the one before: checkpoints differ by recorded time and by business date.
        var account = await Given.KeyAccount("Vaasa Board Oy");
        var dated = new DateTimeOffset(2026, 1, 16, 9, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 140; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(7));
            await Given.Change(account, "renames", new RenameKeyAccount { Name = $"Vaasa Board Oy {i}", OccurredAt = dated.AddDays(i) });
        }

        await Given.CheckpointsCaughtUp();
        var checkpoints = await Given.Checkpoints(account);
        checkpoints.Count.ShouldBe(3);
        var events = await Given.AllEvents(account);
        var throughs = new long?[] { null, events[69].Sequence, events[64].Sequence, events[63].Sequence };
        var instants = Steps.Select(k => AppFixture.Start.AddMinutes(7 * k)).ToList();
        var dates = new DateOnly?[] { null, new(2026, 1, 14), new(2026, 1, 15) }
            .Concat(Days.Select(d => (DateOnly?)DateOnly.FromDateTime(dated.AddDays(d).UtcDateTime))).ToList();
        await using var session = App.Store.QuerySession();
        foreach (var asOf in instants)
        {
            foreach (var on in dates)
            {
                foreach (var through in throughs)
                {
                    var (chosen, _) = await AccountViewReads.StartsAsync(session, [account], asOf, on, on, through, CancellationToken.None);
                    var rule = AccountCheckpoints.Nearest(checkpoints.Where(c => through is null || c.Sequence <= through), asOf, on);
                    (chosen.GetValueOrDefault(account)?.Id).ShouldBe(rule?.Id, $"as of {asOf:O}, on {on}, through {through}");
                }

                var view = await AccountViewReads.AsOfAsync(session, account, asOf, CancellationToken.None, on);
                var naive = AccountViews.Naive(account, events, asOf, on);
                (view is null ? null : Given.Json(view)).ShouldBe(naive.Status is null ? null : Given.Json(naive), $"as of {asOf:O}, on {on}");
            }
        }
    }
}
