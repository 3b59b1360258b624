namespace Kam.EventStore.Sales;

/// <summary>Results against targets for a period: what the result maker answers for.</summary>
/// <param name="Period">The period.</param>
/// <param name="Currency">The currency of every amount: the period's budget's (else the account's own).</param>
/// <param name="Budget">The revenue budgeted on the period.</param>
/// <param name="Actual">The revenue booked in it, as corrected.</param>
/// <param name="AttainmentPercent">Actual against budget, in percent (one decimal); null without a budget.</param>
/// <param name="Forecast">Actual plus the open pipeline weighted by stage probability.</param>
/// <param name="ForecastAttainmentPercent">Forecast against budget, in percent; null without a budget.</param>
/// <param name="Pipeline">The open opportunities expected to close in the period: by stage, with each stage's probability and weighted value.</param>
/// <param name="Won">Opportunities won in the period, and their booked value.</param>
/// <param name="Lost">Opportunities lost in the period, their value, and to which competitors.</param>
/// <param name="WinRatePercent">Won of won and lost, by count, in percent; null before any was decided.</param>
/// <param name="Concessions">Concessions granted in the period and their value where it can be computed.</param>
/// <param name="InOtherCurrencies">Opportunities and concessions of the period in another currency, left out of the amounts.</param>
public sealed record PeriodResults(
    Period Period,
    string Currency,
    decimal Budget,
    decimal Actual,
    decimal? AttainmentPercent,
    decimal Forecast,
    decimal? ForecastAttainmentPercent,
    PipelineResults Pipeline,
    DealResults Won,
    LossResults Lost,
    decimal? WinRatePercent,
    ConcessionResults Concessions,
    int InOtherCurrencies)
{
    /// <summary>The results of figures, weighting the pipeline with the stage probabilities in force.</summary>
    public static PeriodResults Of(Period period, SalesFigures figures, StageProbabilities probabilities)
    {
        var stages = figures.Pipeline.Select(s => new StageResults(s.Stage, s.Count, s.Value, probabilities.Of(s.Stage),
            Math.Round(s.Value * probabilities.Of(s.Stage) / 100m, 2, MidpointRounding.AwayFromZero))).ToList();
        var weighted = stages.Sum(s => s.Weighted);
        var forecast = figures.Actual + weighted;
        var decided = figures.WonCount + figures.LostCount;
        return new PeriodResults(
            period, figures.Currency, figures.Budget, figures.Actual, Percent(figures.Actual, figures.Budget), forecast, Percent(forecast, figures.Budget),
            new PipelineResults(stages.Sum(s => s.Count), stages.Sum(s => s.Value), weighted, stages),
            new DealResults(figures.WonCount, figures.WonValue),
            new LossResults(figures.LostCount, figures.LostValue, figures.LostTo),
            decided == 0 ? null : Math.Round(100m * figures.WonCount / decided, 1, MidpointRounding.AwayFromZero),
            new ConcessionResults(figures.ConcessionsGranted, figures.ConcessionValue, figures.ConcessionsWithoutValue),
            figures.InOtherCurrencies);
    }

    private static decimal? Percent(decimal part, decimal whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The open pipeline of a period.</summary>
/// <param name="Count">Open opportunities expected to close in the period.</param>
/// <param name="Value">Their value.</param>
/// <param name="Weighted">Their value weighted by stage probability.</param>
/// <param name="ByStage">By stage.</param>
public sealed record PipelineResults(int Count, decimal Value, decimal Weighted, IReadOnlyList<StageResults> ByStage);

/// <summary>The open opportunities at one stage.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Count">How many.</param>
/// <param name="Value">Their value.</param>
/// <param name="ProbabilityPercent">The stage's probability (configuration).</param>
/// <param name="Weighted">Their value weighted by it.</param>
public sealed record StageResults(OpportunityStage Stage, int Count, decimal Value, decimal ProbabilityPercent, decimal Weighted);

/// <summary>Opportunities won: how many, and the value booked.</summary>
public sealed record DealResults(int Count, decimal Value);

/// <summary>Opportunities lost: how many, their value, and to which competitors.</summary>
public sealed record LossResults(int Count, decimal Value, IReadOnlyList<CompetitorLosses> ToCompetitors);

/// <summary>Concessions granted: how many, their value where it can be computed, and how many have none.</summary>
public sealed record ConcessionResults(int Granted, decimal Value, int WithoutValue);
