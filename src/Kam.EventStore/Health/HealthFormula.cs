using System.Text.Json.Serialization;
using Kam.EventStore.Sales;

namespace Kam.EventStore.Health;

/// <summary>
/// One version of the health formula: which signals count and how much, what value of each is good and what is bad, the
/// bands the score falls into, and the stage probabilities the forecast is weighted with. Immutable: a change is a new
/// version (a new <c>HealthFormulaRegistered</c>). Version 0 is built in (<see cref="HealthFormulas.BuiltIn"/>).
/// </summary>
/// <param name="Version">The version: 0 built in, then 1, 2... as registered.</param>
/// <param name="Name">A short name.</param>
/// <param name="Reason">Why this version was registered.</param>
/// <param name="Signals">The signals that count, each with its weight and thresholds.</param>
/// <param name="Bands">The score's bands, covering 0-100 without gaps or overlaps, lowest first.</param>
/// <param name="StageProbabilities">How the forecast weights the open pipeline, per stage, in percent.</param>
/// <param name="RegisteredAt">When it was registered (null for the built-in version): scores as of an instant use the latest version registered by then.</param>
/// <param name="RegisteredBy">Who registered it.</param>
public sealed record HealthFormula(
    int Version,
    string Name,
    string Reason,
    IReadOnlyList<SignalRule> Signals,
    IReadOnlyList<HealthBand> Bands,
    StageWeights StageProbabilities,
    DateTimeOffset? RegisteredAt,
    string? RegisteredBy)
{
    /// <summary>The band a score falls into.</summary>
    public HealthBand BandOf(int score) => Bands.First(b => b.Min <= score && score <= b.Max);

    /// <summary>The band's position from the lowest scores (0) up: the health order of lists.</summary>
    public int RankOf(string band) => Bands.Select((b, i) => (b, i)).Where(x => x.b.Name == band).Select(x => x.i).DefaultIfEmpty(-1).First();
}

/// <summary>How one signal counts: its weight, the value that scores full points and the value that scores none.</summary>
/// <remarks>
/// Points are 100 at <c>good</c> and beyond, 0 at <c>bad</c> and beyond, linear in between; either may be the larger.
/// </remarks>
public sealed record SignalRule
{
    public SignalRule(HealthSignal signal, decimal weight, decimal good, decimal bad, int? windowDays = null)
    {
        Signal = signal;
        Weight = weight;
        Good = good;
        Bad = bad;
        WindowDays = windowDays;
    }

    [JsonConstructor]
    private SignalRule()
    {
    }

    /// <summary>The signal.</summary>
    /// <example>DaysSinceContact</example>
    [JsonRequired]
    public HealthSignal Signal { get; init; }

    /// <summary>Its weight, not negative: a signal's share of the score is its weight over the weights of the applicable signals.</summary>
    /// <example>15</example>
    [JsonRequired]
    public decimal Weight { get; init; }

    /// <summary>The value that scores full points (100) and every value beyond it.</summary>
    /// <example>14</example>
    [JsonRequired]
    public decimal Good { get; init; }

    /// <summary>The value that scores no points and every value beyond it; not equal to <c>good</c>.</summary>
    /// <example>90</example>
    [JsonRequired]
    public decimal Bad { get; init; }

    /// <summary>For <c>BrokenCommitments</c> only: how many days back broken commitments count (1-3650; default 180).</summary>
    public int? WindowDays { get; init; }
}

/// <summary>A band of scores, both ends included.</summary>
public sealed record HealthBand
{
    public HealthBand(string name, int min, int max)
    {
        Name = name;
        Min = min;
        Max = max;
    }

    [JsonConstructor]
    private HealthBand()
    {
    }

    /// <summary>Its name.</summary>
    /// <example>Amber</example>
    [JsonRequired]
    public string Name { get; init; } = "";

    /// <summary>The lowest score in it (0-100).</summary>
    /// <example>50</example>
    [JsonRequired]
    public int Min { get; init; }

    /// <summary>The highest score in it (0-100).</summary>
    /// <example>74</example>
    [JsonRequired]
    public int Max { get; init; }
}

/// <summary>The probability of winning an open opportunity at each stage, in percent: the forecast's weights, fixed in the formula.</summary>
/// <param name="Identify">Identified, not yet qualified.</param>
/// <param name="Qualify">Qualified.</param>
/// <param name="Propose">A proposal is with the customer.</param>
/// <param name="Negotiate">In negotiation.</param>
public sealed record StageWeights(decimal Identify, decimal Qualify, decimal Propose, decimal Negotiate)
{
    public static StageWeights From(StageProbabilities p) => new(p.Identify, p.Qualify, p.Propose, p.Negotiate);

    public StageProbabilities ToProbabilities() => new() { Identify = Identify, Qualify = Qualify, Propose = Propose, Negotiate = Negotiate };
}

/// <summary>The built-in formula and the defaults of a signal's window.</summary>
public static class HealthFormulas
{
    /// <summary>How many days back broken commitments count when a formula does not say.</summary>
    public const int DefaultBrokenWindowDays = 180;

    /// <summary>
    /// Version 0: what a fresh installation scores with until an admin registers a version of its own. Frozen: a test pins
    /// its content, because scores and issued reviews under version 0 must read the same forever. To change the formula,
    /// register a new version.
    /// </summary>
    public static readonly HealthFormula BuiltIn = new(
        0,
        "Built-in",
        "The formula every installation starts with.",
        [
            new(HealthSignal.LevelsLinked, 10m, 3m, 0m),
            new(HealthSignal.DecisionMakersStronglyLinked, 15m, 100m, 0m),
            new(HealthSignal.SingleThreaded, 5m, 0m, 1m),
            new(HealthSignal.DaysSinceContact, 15m, 14m, 90m),
            new(HealthSignal.OverdueCommitments, 10m, 0m, 3m),
            new(HealthSignal.BrokenCommitments, 5m, 0m, 2m, DefaultBrokenWindowDays),
            new(HealthSignal.OnTimeShare, 5m, 90m, 50m),
            new(HealthSignal.BudgetAttainment, 10m, 100m, 70m),
            new(HealthSignal.ForecastAttainment, 5m, 100m, 80m),
            new(HealthSignal.CompetitorsPresent, 5m, 0m, 3m),
            new(HealthSignal.PlanObjectiveProgress, 5m, 100m, 0m),
            new(HealthSignal.ProjectsRedOrLate, 5m, 0m, 2m),
            new(HealthSignal.OpenHighRisks, 5m, 0m, 3m),
        ],
        [new("Red", 0, 49), new("Amber", 50, 74), new("Green", 75, 100)],
        new StageWeights(10m, 25m, 50m, 75m),
        null,
        null);
}
