using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Health;
using static Kam.EventStore.Tests.Health.DeclineAndRecovery;

namespace Kam.EventStore.Tests.Health;

/// <summary>
/// Health falls when the decision maker leaves and a promise is broken, then recovers: the scores and explanations on four
/// business dates under the built-in formula (version 0), worked out by hand from the formula before the code, exactly; and the
/// same story recorded afterwards (every step backdated) and day by day (the clock at each step) answers the same.
/// </summary>
/// <remarks>
/// Version 0 weighs the applicable signals here: levels linked 10, decision makers strongly linked 15, single-threaded 5, days
/// since contact 15 (good 14, bad 90), overdue 10, broken in 180 days 5 (good 0, bad 2), on-time share 5 (good 90, bad 50)
/// once a promise has ended, competitors 5. No budget, plan or project: those do not apply. Weights 65, then 70.
/// </remarks>
public sealed class HealthStoryTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateOnly[] Dates = [D(3, 1), D(4, 30), D(6, 15), D(10, 31)];

    /// <summary>One signal's expected part: value, points, contribution.</summary>
    private sealed record Part(HealthSignal Signal, decimal? Value, decimal Points, decimal Contribution);

    [Fact]
    public async Task health_falls_when_the_decision_maker_leaves_and_a_promise_breaks_then_recovers_exactly_as_worked_out()
    {
        var story = new DeclineAndRecovery();
        await Tellings.RecordAfterwards(App, story.Steps(App));

        // 1 March: Maria (executive, decision maker) strongly linked to Anna, Olli (operational) to Ben; last met 10 February (19
        // days); the audit report due 31 March. Levels 2 of 3: 66.67 points.
        var march = await Given.Health(story.Account, "on=2026-03-01");
        Expect(march, 93, "Green", 0,
        [
            new(HealthSignal.LevelsLinked, 2, 66.67m, 10.26m),
            new(HealthSignal.DecisionMakersStronglyLinked, 100, 100, 23.08m),
            new(HealthSignal.SingleThreaded, 0, 100, 7.69m),
            new(HealthSignal.DaysSinceContact, 19, 93.42m, 21.56m),
            new(HealthSignal.OverdueCommitments, 0, 100, 15.38m),
            new(HealthSignal.BrokenCommitments, 0, 100, 7.69m),
            new(HealthSignal.OnTimeShare, null, 0, 0),
            new(HealthSignal.CompetitorsPresent, 0, 100, 7.69m),
        ]);
        Detail(march, HealthSignal.LevelsLinked).ShouldBe("Linked at Executive, Operational; no link at Management.");
        Detail(march, HealthSignal.DaysSinceContact).ShouldBe("Last interaction on 2026-02-10.");
        Detail(march, HealthSignal.OnTimeShare).ShouldBe("No commitment has been kept or broken yet.");

        // 30 April: Maria left on 10 April, the audit report was broken on 15 April. No decision maker known, only Ben holds a link,
        // 79 days without contact, one broken promise of one ended.
        var april = await Given.Health(story.Account, "on=2026-04-30");
        Expect(april, 33, "Red", 0,
        [
            new(HealthSignal.LevelsLinked, 1, 33.33m, 4.76m),
            new(HealthSignal.DecisionMakersStronglyLinked, 0, 0, 0),
            new(HealthSignal.SingleThreaded, 1, 0, 0),
            new(HealthSignal.DaysSinceContact, 79, 14.47m, 3.10m),
            new(HealthSignal.OverdueCommitments, 0, 100, 14.29m),
            new(HealthSignal.BrokenCommitments, 1, 50, 3.57m),
            new(HealthSignal.OnTimeShare, 0, 0, 0),
            new(HealthSignal.CompetitorsPresent, 0, 100, 7.14m),
        ]);
        Detail(april, HealthSignal.DecisionMakersStronglyLinked).ShouldBe("No decision maker is known.");
        Detail(april, HealthSignal.SingleThreaded).ShouldBe($"Only {Ben} holds links.");
        Detail(april, HealthSignal.BrokenCommitments).ShouldBe("1 broken in the 180 days up to 2026-04-30.");

        // 15 June: Pekka, the new CFO, strongly linked since 6 May and met that day (40 days); the pilot kept on time on 25 May:
        // one of two kept on time (50 %, the bad value); the broken promise still within 180 days.
        var june = await Given.Health(story.Account, "on=2026-06-15");
        Expect(june, 77, "Green", 0,
        [
            new(HealthSignal.LevelsLinked, 2, 66.67m, 9.52m),
            new(HealthSignal.DecisionMakersStronglyLinked, 100, 100, 21.43m),
            new(HealthSignal.SingleThreaded, 0, 100, 7.14m),
            new(HealthSignal.DaysSinceContact, 40, 65.79m, 14.10m),
            new(HealthSignal.OverdueCommitments, 0, 100, 14.29m),
            new(HealthSignal.BrokenCommitments, 1, 50, 3.57m),
            new(HealthSignal.OnTimeShare, 50, 0, 0),
            new(HealthSignal.CompetitorsPresent, 0, 100, 7.14m),
        ]);

        // 31 October: met on 20 October (11 days); the broken promise has left the 180-day window.
        var october = await Given.Health(story.Account, "on=2026-10-31");
        Expect(october, 88, "Green", 0,
        [
            new(HealthSignal.LevelsLinked, 2, 66.67m, 9.52m),
            new(HealthSignal.DecisionMakersStronglyLinked, 100, 100, 21.43m),
            new(HealthSignal.SingleThreaded, 0, 100, 7.14m),
            new(HealthSignal.DaysSinceContact, 11, 100, 21.43m),
            new(HealthSignal.OverdueCommitments, 0, 100, 14.29m),
            new(HealthSignal.BrokenCommitments, 0, 100, 7.14m),
            new(HealthSignal.OnTimeShare, 50, 0, 0),
            new(HealthSignal.CompetitorsPresent, 0, 100, 7.14m),
        ]);

        // The daily history says the same on each of the four dates, and the whole-account view carries the same health.
        var history = await Given.HealthHistory(story.Account, "to=2026-10-31&days=300");
        history.Days.Count.ShouldBe(300);
        history.Days.Where(d => Dates.Contains(d.On)).Select(d => (d.On, d.Score, d.Band))
            .ShouldBe([(D(3, 1), 93, "Green"), (D(4, 30), 33, "Red"), (D(6, 15), 77, "Green"), (D(10, 31), 88, "Green")]);
        history.Days.Where(d => d.On < D(1, 15)).ShouldAllBe(d => d.Score == null, "not designated yet");
        var view = await Host.GetAsJson<JsonNode>($"/api/accounts/{story.Account}/view?on=2026-04-30");
        view!["health"]!["score"]!.GetValue<int>().ShouldBe(33);
    }

    [Fact]
    public async Task recorded_afterwards_and_day_by_day_the_health_reads_the_same_on_every_business_date()
    {
        var afterwards = new DeclineAndRecovery();
        await Tellings.RecordAfterwards(App, afterwards.Steps(App));
        var first = await Answers(afterwards);

        await App.ResetAsync();
        var dayByDay = new DeclineAndRecovery();
        await Tellings.RecordDayByDay(App, dayByDay.Steps(App));
        var second = await Answers(dayByDay);

        second.Keys.ShouldBe(first.Keys);
        foreach (var (question, answer) in first)
        {
            second[question].ShouldBe(answer, question);
        }
    }

    private async Task<Dictionary<string, string>> Answers(DeclineAndRecovery story)
    {
        string Named(string json) => json.Replace(story.Account.ToString(), "{account}", StringComparison.OrdinalIgnoreCase);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var date in Dates)
        {
            answers[$"health {date:yyyy-MM-dd}"] = Named(await Tellings.Answer(App, $"/api/accounts/{story.Account}/health?on={date:yyyy-MM-dd}"));
        }

        answers["history"] = Named(await Tellings.Answer(App, $"/api/accounts/{story.Account}/health/history?to=2026-10-31&days=300"));
        return answers;
    }

    private static void Expect(HealthScore health, int score, string band, int version, IReadOnlyList<Part> parts)
    {
        health.ShouldSatisfyAllConditions(
            h => h.Score.ShouldBe(score),
            h => h.Band.ShouldBe(band),
            h => h.FormulaVersion.ShouldBe(version));
        var shown = health.Signals.Where(s => s.Applicable || parts.Any(p => p.Signal == s.Signal))
            .Select(s => new Part(s.Signal, s.Value, s.Points, s.Contribution)).ToList();
        shown.ShouldBe(parts);
        health.Signals.Where(s => parts.All(p => p.Signal != s.Signal)).ShouldAllBe(s => !s.Applicable && s.Contribution == 0,
            "budget, forecast, plan and project signals do not apply to an account without them");
        health.Signals.Sum(s => s.Contribution).ShouldBe(parts.Sum(p => p.Contribution));
    }

    private static string Detail(HealthScore health, HealthSignal signal) => health.Signals.Single(s => s.Signal == signal).Detail;
}
