using System.Text.Json;
using CsCheck;
using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Marten;
using Kam.EventStore.Tests.History;
using Weasel.Core;

namespace Kam.EventStore.Tests.Health;

/// <summary>
/// The score at an instant T under a formula version v is a pure function of the events recorded by T (pure: no database). Over
/// generated histories (stakeholders coming and going, links, interactions recorded and retracted, promises kept and broken,
/// competitors, a budget and actuals; business dates backdated; commits landing out of order in time) and generated formulas:
/// the score read as production reads it (the nearest checkpoint plus the events after it) equals the score of a naive replay of
/// exactly the events recorded by T; events recorded after T change nothing; the same inputs give the same bytes twice; and each
/// day of the history folded forward from one checkpoint equals the score of that day's naive view.
/// </summary>
public sealed class HealthProperties
{
    private static readonly Guid Account = new("0194f1a0-0000-7000-8000-0000000000a1");
    private static readonly DateTimeOffset Origin = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] People = ["anna@example.com", "ben@example.com", "carl@example.com"];
    private static readonly Marten.ISerializer Serializer = CheckpointModel.Serializer;
    private static readonly JsonSerializerOptions Web = CreateWeb();

    /// <summary>One step of a generated history: what happens, a choice within it, how many hours later, how late its commit lands (minutes), how many days backdated.</summary>
    public sealed record Step(int Kind, int Choice, int Hours, int Minutes, int Backdated);

    private static readonly Gen<Step> StepGen = Gen.Select(Gen.Int[0, 11], Gen.Int[0, 1000], Gen.Int[0, 96], Gen.Int[-30, 90], Gen.Int[0, 4],
        (k, c, h, m, b) => new Step(k, c, h, m, b));

    private static readonly Gen<HealthFormula> FormulaGen =
        Gen.Select(Gen.Int[0, 20].Array[Enum.GetValues<HealthSignal>().Length], Gen.Int[1, 98], Gen.Int[0, 100].Array[Enum.GetValues<HealthSignal>().Length], Gen.Int[1, 400],
            (weights, cut, goods, window) =>
            {
                var signals = Enum.GetValues<HealthSignal>().Select((s, i) => new SignalRule(s, weights[i] == 0 && i == 0 ? 1 : weights[i], goods[i], goods[i] + 7m,
                    s == HealthSignal.BrokenCommitments ? window : null)).ToList();
                return new HealthFormula(7, "Generated", "Property", signals, [new("Low", 0, cut), new("High", cut + 1, 100)], new StageWeights(5, 20, 60, 90), Origin, "test");
            });

    private static readonly Gen<(List<Step> Steps, int[] Instants, HealthFormula Formula, int Days)> CaseGen =
        Gen.Select(StepGen.List[1, 160], Gen.Int[0, 400 * 24 * 60].Array[1, 6], FormulaGen, Gen.Int[1, 60]);

    [Fact]
    public void the_score_at_an_instant_under_a_version_is_a_function_of_the_events_recorded_by_then() =>
        CaseGen.Sample((steps, instants, generated, days) =>
        {
            var events = History(steps);
            var checkpoints = CheckpointModel.Checkpoints(Account, events);
            var end = events.Max(e => e.Timestamp);
            foreach (var formula in new[] { HealthFormulas.BuiltIn, generated })
            {
                // The health row's band schedule (measured once per calendar key) says, every day, what that day's score says.
                var tip = AccountViews.Fold(AccountView.Empty(Account), events.OrderBy(e => e.Sequence));
                var row = AccountHealthRow.Of(tip, formula);
                var scheduled = PastViews.DateOf(tip.RecordedUpTo!.Value);
                for (var day = 0; day <= AccountHealthRow.HorizonDays; day += 1 + days % 5)
                {
                    row.On(scheduled.AddDays(day))!.Band.ShouldBe(HealthScores.Of(tip, scheduled.AddDays(day), formula).Band, $"day {day} of the schedule");
                    foreach (var rule in formula.Signals)
                    {
                        // The schedule's value-only measure is the explained one, without the words.
                        HealthSignals.ValueOf(rule.Signal, tip, scheduled.AddDays(day), rule, formula)
                            .ShouldBe(HealthSignals.Measure(rule.Signal, tip, scheduled.AddDays(day), rule, formula).Value, $"{rule.Signal} on day {day}");
                    }
                }

                foreach (var minutes in instants)
                {
                    var asOf = Origin.AddMinutes(minutes);
                    var on = PastViews.DateOf(asOf);
                    var naive = AccountViews.Naive(Account, events, asOf, on);
                    if (naive.Status is null)
                    {
                        continue;
                    }

                    var expected = Score(naive, on, formula);

                    // The bounded contact tally names the last live interaction exactly (or says it does not know).
                    var live = new Dictionary<Guid, DateTimeOffset>();
                    foreach (var e in events.Where(e => e.Timestamp <= asOf && BusinessTime.DateOf(e.Data) <= on).OrderBy(e => e.Sequence))
                    {
                        switch (e.Data)
                        {
                            case InteractionRecorded r: live[r.InteractionId] = r.OccurredAt; break;
                            case InteractionCorrected c: live[c.InteractionId] = c.HappenedAt; break;
                            case InteractionRetracted r: live.Remove(r.InteractionId); break;
                        }
                    }

                    if (!naive.Activity.Contacts.LastUnknown)
                    {
                        (naive.Activity.Contacts.Latest.Count == 0 ? (DateTimeOffset?)null : naive.Activity.Contacts.Latest[0].HappenedAt)
                            .ShouldBe(live.Count == 0 ? null : live.Values.Max());
                    }

                    // As a read computes it: from the nearest checkpoint (loaded afresh) and the events after it.
                    var nearest = AccountCheckpoints.Nearest(checkpoints, asOf, on);
                    var loaded = nearest is null ? null : AccountCheckpoints.Of(CheckpointModel.Copy(nearest.View), tip: true, CheckpointModel.Copy);
                    Score(AccountCheckpoints.AsOf(Account, loaded, events, asOf, on), on, formula).ShouldBe(expected);

                    // Whatever is recorded later (commits land at most 30 minutes early), and however it is dated, the score at T stays.
                    var more = History(steps, start: (asOf > end ? asOf : end).AddHours(1), firstSequence: events.Count + 1, designate: false);
                    Score(AccountViews.Naive(Account, [.. events, .. more], asOf, on), on, formula).ShouldBe(expected);
                    Score(AccountViews.Naive(Account, events, asOf, on), on, formula).ShouldBe(expected, "the same inputs, the same bytes");

                    // Each day of a run ending on that date, folded forward from the checkpoint nearest its first day.
                    var first = on.AddDays(1 - days);
                    var start = AccountCheckpoints.Nearest(checkpoints, asOf, first);
                    var later = events.Where(e => e.Sequence > (start?.Sequence ?? 0) && e.Timestamp <= asOf && BusinessTime.DateOf(e.Data) <= on).ToList();
                    var (series, _) = GetHealthHistoryEndpoint.Fold(() => start is null ? AccountView.Empty(Account) : CheckpointModel.Copy(start.View), later, first, on, formula);
                    foreach (var day in series)
                    {
                        var view = AccountViews.Naive(Account, events, asOf, day.On);
                        var health = view.Status is null ? null : HealthScores.Of(view, day.On, formula);
                        (day.Score, day.Band).ShouldBe((health?.Score, health?.Band), $"{day.On:yyyy-MM-dd}");
                    }
                }
            }
        }, iter: 200);

    private static string Score(AccountView view, DateOnly on, HealthFormula formula) => JsonSerializer.Serialize(HealthScores.Of(view, on, formula), Web);

    /// <summary>Turns steps into the events a real history would record.</summary>
    private static List<IEvent> History(List<Step> steps, DateTimeOffset? start = null, int firstSequence = 1, bool designate = true)
    {
        var events = new List<IEvent>();
        var stakeholders = new List<(Guid Id, bool Left)>();
        var links = new List<(string Person, Guid Stakeholder)>();
        var interactions = new List<Guid>();
        var commitments = new List<(Guid Id, bool Closed)>();
        var competitors = new List<Guid>();
        var at = start ?? Origin;
        var by = "dev-user";
        var streams = new Dictionary<Guid, long>();
        void Add(Guid stream, IAccountEvent data, int lateBy = 0)
        {
            streams[stream] = streams.GetValueOrDefault(stream) + 1;
            events.Add(CheckpointModel.Wrap(data, stream, streams[stream], firstSequence + events.Count, at.AddMinutes(lateBy)));
        }

        if (designate)
        {
            Add(Account, new KeyAccountDesignated(Account, "Nordic Paper Oy", "FI123", "Paper", AccountTier.Key, ["Strategic fit"], new DateOnly(2026, 1, 1),
                new Money(1_000_000m, "EUR"), at, by));
            var year = new Period(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
            var budget = Guid.CreateVersion7(at);
            var lines = Enumerable.Range(0, 4).Select(q => new BudgetLine(new Period(year.From.AddMonths(3 * q), year.From.AddMonths(3 * q + 3).AddDays(-1)), 250_000m)).ToList();
            Add(budget, new RevenueBudgetSet(Account, budget, year, "EUR", null, lines, 1_000_000m, null, year.From, at, by));
        }

        foreach (var step in steps)
        {
            at = at.AddHours(step.Hours);
            var person = People[step.Choice % People.Length];
            var day = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-step.Backdated);
            var late = Math.Min(step.Minutes, 0);
            var open = stakeholders.Where(s => !s.Left).ToList();
            switch (step.Kind)
            {
                case 0:
                    var id = Guid.CreateVersion7(at);
                    stakeholders.Add((id, false));
                    Add(Account, new StakeholderAdded(Account, id, new StakeholderProfile($"Person {step.Choice}", "Title", "Dept",
                        Enum.GetValues<OrganisationLevel>()[step.Choice % 3], Enum.GetValues<BuyingRole>()[step.Choice % 6], Stance.Neutral, null, null), day, at, by), late);
                    break;
                case 1 when open.Count > 0:
                    var leaving = open[step.Choice % open.Count];
                    stakeholders[stakeholders.IndexOf(leaving)] = (leaving.Id, true);
                    Add(Account, new StakeholderLeftCustomer(Account, leaving.Id, day, null, at, by), late);
                    break;
                case 2 when open.Count > 0:
                    var to = open[step.Choice % open.Count].Id;
                    if (!links.Contains((person, to)))
                    {
                        links.Add((person, to));
                        Add(Account, new RelationshipLinkEstablished(Account, person, to, (LinkStrength)(step.Choice % 3), day, at, by), late);
                    }

                    break;
                case 3 when links.Count > 0:
                    var link = links[step.Choice % links.Count];
                    Add(Account, new RelationshipLinkStrengthChanged(Account, link.Person, link.Stakeholder, LinkStrength.Weak, (LinkStrength)(step.Choice % 3), day, at, by), late);
                    break;
                case 4:
                    var interaction = Guid.CreateVersion7(at);
                    interactions.Add(interaction);
                    Add(interaction, new InteractionRecorded(interaction, Account, Details(person), at.AddHours(-(step.Choice % 48)), by), late);
                    break;
                case 5 when interactions.Count > 0:
                    var earlier = interactions[step.Choice % interactions.Count];
                    interactions.Remove(earlier);
                    Add(earlier, step.Choice % 2 == 0
                        ? new InteractionRetracted(earlier, Account, at, Details(person), "Mistake", at, by)
                        : new InteractionCorrected(earlier, Account, at.AddDays(-(step.Choice % 20)), Details(person), at, Details(person), "Wrong date", at, by), late);
                    break;
                case 6:
                    var commitment = Guid.CreateVersion7(at);
                    commitments.Add((commitment, false));
                    Add(commitment, new CommitmentMade(Account, commitment, person, [], null, CommitmentKind.DeliveryDate, "Delivery", null, null, day,
                        day.AddDays(step.Choice % 60), person, new AuthorityCheck(person, day, day, null, null, true, true, null, []), at, by), late);
                    break;
                case 7 when commitments.Any(c => !c.Closed):
                    var promise = commitments.Where(c => !c.Closed).ToList()[step.Choice % commitments.Count(c => !c.Closed)];
                    commitments[commitments.IndexOf(promise)] = (promise.Id, true);
                    Add(promise.Id, step.Choice % 2 == 0
                        ? new CommitmentFulfilled(Account, promise.Id, day, "Done", at, by)
                        : new CommitmentBroken(Account, promise.Id, day, "Missed", true, at, by), late);
                    break;
                case 8:
                    var competitor = Guid.CreateVersion7(at);
                    competitors.Add(competitor);
                    Add(Account, new CompetitorNoted(Account, competitor, $"Rival {step.Choice % 4}", "Mill", day, at, by), late);
                    break;
                case 9 when competitors.Count > 0:
                    var gone = competitors[step.Choice % competitors.Count];
                    competitors.Remove(gone);
                    Add(Account, new CompetitorNoLongerPresent(Account, gone, day, null, at, by), late);
                    break;
                case 10:
                    var actual = Guid.CreateVersion7(at);
                    var quarter = new Period(new DateOnly(2026, 1 + 3 * (step.Choice % 4), 1), new DateOnly(2026, 1 + 3 * (step.Choice % 4), 1).AddMonths(3).AddDays(-1));
                    var amount = new Money(1_000m * step.Choice, "EUR");
                    Add(actual, new RevenueActualRecorded(Account, actual, quarter, null, amount, null, amount, "ERP", null, day, at, by), late);
                    break;
                default:
                    Add(Account, new AccountStatusChanged(Account, AccountHealth.Active, AccountHealth.AtRisk, "Judged", at, by), late);
                    break;
            }
        }

        return events;
    }

    private static InteractionDetails Details(string person) =>
        new(InteractionKind.Meeting, InteractionChannel.InPerson, 60, "Review", "Talked", [person], [], [], [], []);

    private static JsonSerializerOptions CreateWeb()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }
}
