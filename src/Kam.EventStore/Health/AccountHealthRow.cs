using Kam.EventStore.History;

namespace Kam.EventStore.Health;

/// <summary>
/// An account's health band as account lists filter and sort by it, without replay. Health moves with the calendar (days since
/// the last contact grow, due dates pass, broken promises leave the window, budget quarters end) while a projection may not
/// read the clock, so the row holds the band's schedule: from the date of the account's latest recorded event, the band on each
/// later date if nothing more is recorded, as the dates on which it changes. A list reads today's entry. Any new event of the
/// account, or a new formula version, writes the schedule again. Computed from the account's whole view under the latest formula
/// version; derived, and rebuilt from the events like any read model.
/// </summary>
public sealed class AccountHealthRow
{
    /// <summary>How far ahead the schedule is worked out: beyond it (an account without any fact for over a year) its last band holds.</summary>
    public const int HorizonDays = 400;

    /// <summary>The account.</summary>
    public Guid Id { get; set; }

    /// <summary>The formula version the bands are of.</summary>
    public int FormulaVersion { get; set; }

    /// <summary>Global sequence of the account's last event the row was computed from.</summary>
    public long Sequence { get; set; }

    /// <summary>The score on the first day of the schedule.</summary>
    public int? Score { get; set; }

    /// <summary>The bands from the date of the account's latest recorded event on: each entry holds from its date until the next one's.</summary>
    public List<BandSpan> Schedule { get; set; } = [];

    /// <summary>The band on <paramref name="date"/> (null before the schedule begins, or without a score).</summary>
    public BandSpan? On(DateOnly date) => Schedule.LastOrDefault(s => s.From <= date);

    /// <summary>The row of an account's view (designated) under a formula: the band of every date of the horizon, kept where it changes.</summary>
    public static AccountHealthRow Of(AccountView view, HealthFormula formula)
    {
        var first = PastViews.DateOf(view.RecordedUpTo ?? DateTimeOffset.UnixEpoch);
        var row = new AccountHealthRow { Id = view.AccountId, FormulaVersion = formula.Version, Sequence = view.Sequence };
        // Only the score is needed for each day, not its explanation: the values of the signals. A daily signal is measured on
        // each date; any other again only when its calendar key differs from the day before's.
        var values = new decimal?[formula.Signals.Count];
        var daily = formula.Signals.Select(rule => HealthSignals.MeasuredDaily(rule.Signal)).ToArray();
        var keys = new object?[values.Length];
        for (var day = 0; day <= HorizonDays; day++)
        {
            var on = first.AddDays(day);
            for (var i = 0; i < values.Length; i++)
            {
                var rule = formula.Signals[i];
                if (daily[i])
                {
                    values[i] = HealthSignals.ValueOf(rule.Signal, view, on, rule, formula);
                    continue;
                }

                var key = HealthSignals.CalendarKey(rule.Signal, view, on);
                if (day == 0 || !Equals(key, keys[i]))
                {
                    keys[i] = key;
                    values[i] = HealthSignals.ValueOf(rule.Signal, view, on, rule, formula);
                }
            }

            var score = HealthScores.ScoreOf(formula, values);
            var band = HealthScores.BandOf(formula, score);
            if (day == 0)
            {
                row.Score = score;
            }

            if (row.Schedule.Count == 0 || row.Schedule[^1].Band != band)
            {
                row.Schedule.Add(new BandSpan(on, band, band is { } name ? formula.RankOf(name) : null));
            }
        }

        return row;
    }
}

/// <summary>A band from a date on.</summary>
/// <param name="From">The first date it holds.</param>
/// <param name="Band">The band (null when no signal of the formula applies).</param>
/// <param name="Rank">Its position from the lowest scores (0) up: lists sort by it.</param>
public sealed record BandSpan(DateOnly From, string? Band, int? Rank);
