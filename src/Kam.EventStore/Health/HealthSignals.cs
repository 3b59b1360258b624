using System.Globalization;
using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;

namespace Kam.EventStore.Health;

/// <summary>One signal measured: its value (null when it does not apply to the account then) and what it counted, in words.</summary>
public sealed record Measurement(decimal? Value, string Detail);

/// <summary>
/// How each signal is measured on the whole-account view of an instant, for a business date. Pure: the view, the date and the
/// formula in, a measurement out; nothing here reads the clock or the database, so a score is a function of the events
/// recorded by its instant and of its formula version. Every fact in the view is dated by the date (a view as of an instant
/// holds nothing dated after it), so the roles in force on the date are the ones the view has open.
/// </summary>
public static class HealthSignals
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Measurement Measure(HealthSignal signal, AccountView view, DateOnly on, SignalRule rule, HealthFormula formula) =>
        Measured(signal, view, on, rule, formula, explain: true);

    /// <summary>
    /// The value alone of <see cref="Measure"/>: the same computation, without the words. The health row's schedule measures
    /// the daily signals on each of some 400 dates per account, under every write; the words are for the one score shown.
    /// </summary>
    public static decimal? ValueOf(HealthSignal signal, AccountView view, DateOnly on, SignalRule rule, HealthFormula formula) =>
        Measured(signal, view, on, rule, formula, explain: false).Value;

    /// <summary>
    /// Whether the signal may measure differently on each date (its <see cref="CalendarKey"/> is the date itself): the days
    /// since the last contact, the commitments overdue or broken by then, the plan's progress and the projects late by then.
    /// The others change only with their key (the sales period and what of it has ended), or not with the date at all.
    /// </summary>
    public static bool MeasuredDaily(HealthSignal signal) => signal is HealthSignal.DaysSinceContact or HealthSignal.OverdueCommitments
        or HealthSignal.BrokenCommitments or HealthSignal.PlanObjectiveProgress or HealthSignal.ProjectsRedOrLate;

    private static Measurement Measured(HealthSignal signal, AccountView view, DateOnly on, SignalRule rule, HealthFormula formula, bool explain) => signal switch
    {
        HealthSignal.LevelsLinked => LevelsLinked(view.Roles!, on),
        HealthSignal.DecisionMakersStronglyLinked => DecisionMakersStronglyLinked(view.Roles!, on),
        HealthSignal.SingleThreaded => SingleThreaded(view.Roles!, on),
        HealthSignal.DaysSinceContact => DaysSinceContact(view, on, explain),
        HealthSignal.OverdueCommitments => Overdue(view.Commitments.Values, on, explain),
        HealthSignal.BrokenCommitments => Broken(view.Commitments.Values, on, rule.WindowDays ?? HealthFormulas.DefaultBrokenWindowDays, explain),
        HealthSignal.OnTimeShare => OnTime(view.Commitments.Values),
        HealthSignal.BudgetAttainment => BudgetAttainment(view.Sales, on),
        HealthSignal.ForecastAttainment => ForecastAttainment(view.Sales, on, formula.StageProbabilities),
        HealthSignal.CompetitorsPresent => Competitors(view.Roles!, on),
        HealthSignal.PlanObjectiveProgress => PlanProgress(view.Plans.Values, on, explain),
        HealthSignal.ProjectsRedOrLate => ProjectsRedOrLate(view.Projects.Values, on, explain),
        HealthSignal.OpenHighRisks => OpenHighRisks(view.Projects.Values),
        _ => new Measurement(null, "Unknown signal."),
    };

    // The words of a daily signal's measurement, only when they are shown.
    private const string Unexplained = "";

    /// <summary>
    /// What a signal's measurement on <paramref name="on"/> depends on besides the view, for a view whose every fact is dated by
    /// <paramref name="on"/> (its roles then are the ones it has open): two dates with the same key measure the same. The health
    /// row's schedule measures each key once instead of each day; the property tests hold the schedule to each day's score.
    /// </summary>
    public static object CalendarKey(HealthSignal signal, AccountView view, DateOnly on) => signal switch
    {
        HealthSignal.LevelsLinked or HealthSignal.DecisionMakersStronglyLinked or HealthSignal.SingleThreaded or HealthSignal.OnTimeShare
            or HealthSignal.CompetitorsPresent or HealthSignal.OpenHighRisks => signal,
        HealthSignal.ForecastAttainment => (signal, view.Sales is { } sales ? SalesSummary.CurrentPeriod(sales, on) : null),
        HealthSignal.BudgetAttainment => (signal, view.Sales is { } sales && SalesSummary.CurrentPeriod(sales, on) is { } period
            ? (period, EndedBy(sales, period, on))
            : default),
        _ => (signal, on),
    };

    private static IReadOnlyList<StakeholderTerm> Stakeholders(AccountRoles roles, DateOnly on) => [.. roles.Stakeholders.On(on)];

    private static IReadOnlyList<LinkTerm> Links(AccountRoles roles, DateOnly on)
    {
        var present = Stakeholders(roles, on).Select(s => s.StakeholderId).ToHashSet();
        return [.. roles.Links.On(on).Where(l => present.Contains(l.StakeholderId))];
    }

    private static Measurement LevelsLinked(AccountRoles roles, DateOnly on)
    {
        var linked = Links(roles, on).Select(l => l.StakeholderId).ToHashSet();
        var levels = Stakeholders(roles, on).Where(s => linked.Contains(s.StakeholderId)).Select(s => s.Profile.Level).Distinct().Order().ToList();
        var missing = Enum.GetValues<OrganisationLevel>().Except(levels).ToList();
        return new Measurement(levels.Count, levels.Count == 0
            ? "No stakeholder is linked to us."
            : $"Linked at {string.Join(", ", levels)}" + (missing.Count == 0 ? "." : $"; no link at {string.Join(", ", missing)}."));
    }

    private static Measurement DecisionMakersStronglyLinked(AccountRoles roles, DateOnly on)
    {
        var deciders = Stakeholders(roles, on).Where(s => s.Profile.BuyingRole == BuyingRole.DecisionMaker).Select(s => s.StakeholderId).ToList();
        if (deciders.Count == 0)
        {
            return new Measurement(0m, "No decision maker is known.");
        }

        var strong = Links(roles, on).Where(l => l.Strength == LinkStrength.Strong).Select(l => l.StakeholderId).ToHashSet();
        var covered = deciders.Count(strong.Contains);
        return new Measurement(Percent(covered, deciders.Count), $"{covered} of {deciders.Count} decision makers have a strong link.");
    }

    private static Measurement SingleThreaded(AccountRoles roles, DateOnly on)
    {
        var holders = Links(roles, on).Select(l => l.PersonId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return holders.Count switch
        {
            0 => new Measurement(1m, "Nobody of ours holds a link."),
            1 => new Measurement(1m, $"Only {holders[0]} holds links."),
            _ => new Measurement(0m, $"{holders.Count} of our people hold links."),
        };
    }

    private static Measurement DaysSinceContact(AccountView view, DateOnly on, bool explain)
    {
        // The tallies keep the newest live interactions; when every one kept was retracted while older ones remain, the last is
        // not in the view (rare): the signal does not apply rather than guess.
        var contacts = view.Activity.Contacts;
        if (contacts.LastUnknown)
        {
            return new Measurement(null, explain ? "The last interaction is not known: the newest ones were retracted." : Unexplained);
        }

        if (contacts.Latest.Count == 0)
        {
            var since = view.Status!.DesignatedOn;
            return new Measurement(Math.Max(0, on.DayNumber - since.DayNumber), explain ? $"No interaction recorded; designated on {Date(since)}." : Unexplained);
        }

        var lastDate = Domain.BusinessTime.Today(contacts.Latest[0].HappenedAt);
        return new Measurement(Math.Max(0, on.DayNumber - lastDate.DayNumber), explain ? $"Last interaction on {Date(lastDate)}." : Unexplained);
    }

    private static Measurement Overdue(IEnumerable<Commitment> commitments, DateOnly on, bool explain)
    {
        if (!explain)
        {
            return new Measurement(commitments.Count(c => IsOverdue(c, on)), Unexplained);
        }

        var overdue = commitments.Where(c => IsOverdue(c, on)).OrderBy(c => c.DueOn).ThenBy(c => c.Id).ToList();
        return new Measurement(overdue.Count, overdue.Count == 0
            ? "None overdue."
            : $"{overdue.Count} overdue, the oldest due {Date(overdue[0].DueOn!.Value)}.");
    }

    private static bool IsOverdue(Commitment commitment, DateOnly on) => commitment.IsOpen && commitment.DueOn < on;

    private static Measurement Broken(IEnumerable<Commitment> commitments, DateOnly on, int windowDays, bool explain)
    {
        var since = on.AddDays(-windowDays);
        var broken = commitments.Count(c => c.Status == CommitmentStatus.Broken && c.ClosedOn > since && c.ClosedOn <= on);
        return new Measurement(broken, explain ? $"{broken} broken in the {windowDays} days up to {Date(on)}." : Unexplained);
    }

    private static Measurement OnTime(IEnumerable<Commitment> commitments)
    {
        var ended = commitments.Where(c => c.KeptOnTime is not null).ToList();
        if (ended.Count == 0)
        {
            return new Measurement(null, "No commitment has been kept or broken yet.");
        }

        var kept = ended.Count(c => c.KeptOnTime == true);
        return new Measurement(Percent(kept, ended.Count), $"{kept} of {ended.Count} ended commitments kept on time.");
    }

    private static Measurement BudgetAttainment(AccountSales? sales, DateOnly on)
    {
        if (sales is null || SalesSummary.CurrentPeriod(sales, on) is not { } period)
        {
            return new Measurement(null, "No budget covers the date.");
        }

        var ended = EndedBy(sales, period, on);
        if (ended == default)
        {
            return new Measurement(null, $"No part of the budget period {period} has ended yet.");
        }

        var elapsed = new Period(period.From, ended);
        var figures = SalesFigures.Of(sales, elapsed);
        return figures.Budget == 0
            ? new Measurement(null, $"Nothing budgeted for {elapsed}.")
            : new Measurement(Percent(figures.Actual, figures.Budget),
                $"{Amount(figures.Actual)} booked against {Amount(figures.Budget)} {figures.Currency} budgeted for {elapsed}.");
    }

    // The last day of the parts of the period's budgets that have ended by the date: results are judged on what was due by then.
    private static DateOnly EndedBy(AccountSales sales, Period period, DateOnly on) =>
        sales.Budgets.Values.Where(b => b.Period.Overlaps(period))
            .SelectMany(b => b.Lines).Select(l => l.Period).Where(p => p.Within(period) && p.To <= on).Select(p => p.To).DefaultIfEmpty().Max();

    private static Measurement ForecastAttainment(AccountSales? sales, DateOnly on, StageWeights weights)
    {
        if (sales is null || SalesSummary.CurrentPeriod(sales, on) is not { } period)
        {
            return new Measurement(null, "No budget covers the date.");
        }

        var results = PeriodResults.Of(period, SalesFigures.Of(sales, period), weights.ToProbabilities());
        return results.Budget == 0
            ? new Measurement(null, $"Nothing budgeted for {period}.")
            : new Measurement(Percent(results.Forecast, results.Budget),
                $"Forecast {Amount(results.Forecast)} against {Amount(results.Budget)} {results.Currency} budgeted for {period}.");
    }

    private static Measurement Competitors(AccountRoles roles, DateOnly on)
    {
        var present = roles.Competitors.On(on).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        return new Measurement(present.Count, present.Count == 0 ? "No competitor present." : $"Present: {string.Join(", ", present)}.");
    }

    // The plan in force: open on the date, its period containing it; the latest drafted when several are.
    private static Measurement PlanProgress(IEnumerable<AccountPlan> plans, DateOnly on, bool explain)
    {
        var plan = plans.Where(p => (p.ClosedOn is null || p.ClosedOn > on) && p.PeriodFrom <= on && on <= p.PeriodTo)
            .OrderBy(p => p.DraftedOn).ThenBy(p => p.Id).LastOrDefault();
        if (plan is null || plan.Content.Objectives.Count == 0)
        {
            return new Measurement(null, plan is null ? "No account plan in force." : "The plan in force has no objectives.");
        }

        // Each objective's attainment from its baseline towards its target, 0-100 (one beyond its target does not hide another's lag).
        var attainments = plan.Content.Objectives
            .Select(o => Math.Clamp(ObjectiveProgress.Of(o, plan.Measurements.Where(m => m.MeasuredOn <= on)).AttainmentPercent ?? 0m, 0m, 100m)).ToList();
        var average = Math.Round(attainments.Average(), 1, MidpointRounding.AwayFromZero);
        return new Measurement(average, explain
            ? $"{attainments.Count(a => a >= 100m)} of {attainments.Count} objectives of plan version {plan.PlanVersion} reached; {Amount(average)} % on average."
            : Unexplained);
    }

    private static Measurement ProjectsRedOrLate(IEnumerable<Project> projects, DateOnly on, bool explain)
    {
        if (!explain)
        {
            var any = false;
            var late = 0;
            foreach (var project in projects.Where(p => p.IsOpen))
            {
                any = true;
                late += IsRedOrLate(project, on) ? 1 : 0;
            }

            return new Measurement(any ? late : null, Unexplained);
        }

        var open = projects.Where(p => p.IsOpen).OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id).ToList();
        if (open.Count == 0)
        {
            return new Measurement(null, "No open joint project.");
        }

        var troubled = open.Where(p => IsRedOrLate(p, on)).Select(p => p.Name).ToList();
        return new Measurement(troubled.Count, troubled.Count == 0
            ? $"None of {open.Count} open projects is red or late."
            : $"{troubled.Count} of {open.Count} open projects red or late: {string.Join(", ", troubled)}.");
    }

    private static bool IsRedOrLate(Project project, DateOnly on) => project.Rag == Rag.Red || project.Milestones.Any(m => m.ReachedOn is null && on > m.DueOn);

    private static Measurement OpenHighRisks(IEnumerable<Project> projects)
    {
        var open = projects.Where(p => p.IsOpen).ToList();
        if (open.Count == 0)
        {
            return new Measurement(null, "No open joint project.");
        }

        var high = open.Sum(p => p.Risks.Count(r => r.Status == RiskStatus.Open && r.Impact >= RiskImpact.High));
        return new Measurement(high, $"{high} open risks of high or critical impact on {open.Count} open projects.");
    }

    private static decimal Percent(decimal part, decimal whole) => Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    private static string Amount(decimal amount) => amount.ToString("0.##", Invariant);
}
