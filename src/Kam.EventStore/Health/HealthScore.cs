using Kam.EventStore.History;

namespace Kam.EventStore.Health;

/// <summary>
/// An account's health on a business date, as the records stood at an instant, and why: every signal of the formula with its
/// value, its points, its weight and its contribution, and the formula version used.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="On">The business date the signals are measured on.</param>
/// <param name="AsOf">The recorded instant the account is seen as of (null in a pure computation).</param>
/// <param name="FormulaVersion">The formula version used.</param>
/// <param name="Score">0-100: the contributions added up and rounded; null when no signal of the formula applies to the account.</param>
/// <param name="Band">The band the score falls into under that version.</param>
/// <param name="Signals">Each signal of the formula: value, points, weight, contribution.</param>
public sealed record HealthScore(
    Guid AccountId, DateOnly On, DateTimeOffset? AsOf, int FormulaVersion, int? Score, string? Band, IReadOnlyList<SignalScore> Signals);

/// <summary>One signal's part in a score.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Value">What it measured (a count, days, or a percentage); null when it does not apply.</param>
/// <param name="Detail">What it counted, in words.</param>
/// <param name="Applicable">False when the account has nothing it could measure (no budget, no commitment ended yet...): its weight is then left out.</param>
/// <param name="Weight">Its weight in the formula.</param>
/// <param name="Good">The value that scores 100 points.</param>
/// <param name="Bad">The value that scores 0 points.</param>
/// <param name="Points">0-100: where the value lies between bad and good (two decimals).</param>
/// <param name="Contribution">Points times its weight over the weights of the applicable signals (two decimals): the score is their sum, rounded.</param>
public sealed record SignalScore(
    HealthSignal Signal, decimal? Value, string Detail, bool Applicable, decimal Weight, decimal Good, decimal Bad, decimal Points, decimal Contribution);

/// <summary>
/// The score: a pure function of the whole-account view (of an instant, and of a business date) and a formula version. Points
/// run linearly from the bad value (0) to the good one (100), clamped; each applicable signal contributes its points times its
/// share of the applicable weights; the score is the sum of the contributions (each rounded to two decimals) rounded to a whole
/// number, half away from zero. Decimal arithmetic throughout, so it is exact and the same on every machine.
/// </summary>
public static class HealthScores
{
    /// <summary>The account's health on <paramref name="on"/> from <paramref name="view"/> (designated: its status is known) under <paramref name="formula"/>.</summary>
    /// <param name="view">The account's view.</param>
    /// <param name="on">The business date.</param>
    /// <param name="formula">The formula version.</param>
    /// <param name="measure">How a signal is measured, when not by <see cref="HealthSignals.Measure"/> directly (a memo of it).</param>
    public static HealthScore Of(AccountView view, DateOnly on, HealthFormula formula, Func<SignalRule, Measurement>? measure = null)
    {
        var measured = formula.Signals.Select(rule => (Rule: rule, Measurement: measure?.Invoke(rule) ?? HealthSignals.Measure(rule.Signal, view, on, rule, formula))).ToList();
        var weights = measured.Where(m => m.Measurement.Value is not null).Sum(m => m.Rule.Weight);
        var signals = measured.Select(m =>
        {
            var applicable = m.Measurement.Value is not null && weights > 0;
            var points = applicable ? Points(m.Measurement.Value!.Value, m.Rule.Good, m.Rule.Bad) : 0m;
            var contribution = applicable ? Contribution(points, m.Rule, weights) : 0m;
            return new SignalScore(m.Rule.Signal, m.Measurement.Value, m.Measurement.Detail, m.Measurement.Value is not null, m.Rule.Weight, m.Rule.Good,
                m.Rule.Bad, points, contribution);
        }).ToList();

        // The score itself comes from the one computation the health rows' schedules use: the same contributions, summed.
        var score = ScoreOf(formula, [.. measured.Select(m => m.Measurement.Value)]);
        return new HealthScore(view.AccountId, on, null, formula.Version, score, BandOf(formula, score), signals);
    }

    /// <summary>
    /// The score alone from each signal's value (in the formula's order; null where it does not apply): what <see cref="Of"/> says
    /// and explains, without allocating, for the health row's schedule, which works one out for every day.
    /// </summary>
    public static int? ScoreOf(HealthFormula formula, ReadOnlySpan<decimal?> values)
    {
        var weights = 0m;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null)
            {
                weights += formula.Signals[i].Weight;
            }
        }

        if (weights <= 0)
        {
            return null;
        }

        var sum = 0m;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                var rule = formula.Signals[i];
                sum += Contribution(Points(value, rule.Good, rule.Bad), rule, weights);
            }
        }

        return (int)Math.Round(sum, 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>The band of a score under the formula (null without a score).</summary>
    public static string? BandOf(HealthFormula formula, int? score) => score is { } s ? formula.BandOf(Math.Clamp(s, 0, 100)).Name : null;

    private static decimal Contribution(decimal points, SignalRule rule, decimal weights) =>
        Math.Round(points * rule.Weight / weights, 2, MidpointRounding.AwayFromZero);

    /// <summary>Where <paramref name="value"/> lies between <paramref name="bad"/> (0) and <paramref name="good"/> (100), clamped, two decimals.</summary>
    public static decimal Points(decimal value, decimal good, decimal bad) =>
        Math.Round(100m * Math.Clamp((value - bad) / (good - bad), 0m, 1m), 2, MidpointRounding.AwayFromZero);
}
