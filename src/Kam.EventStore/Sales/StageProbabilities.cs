namespace Kam.EventStore.Sales;

/// <summary>
/// How likely an open opportunity at each stage is to be won, in percent: the weights of the forecast (actual revenue plus
/// the open pipeline weighted by these). Configuration (section <c>Sales:StageProbabilities</c>), with these defaults;
/// read when results are read, so a change applies to every result from then on, past ones included.
/// </summary>
public sealed class StageProbabilities
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sales:StageProbabilities";

    /// <summary>Identified, not yet qualified.</summary>
    public decimal Identify { get; set; } = 10m;

    /// <summary>Qualified: a real need, budget and decision path.</summary>
    public decimal Qualify { get; set; } = 25m;

    /// <summary>A proposal is with the customer.</summary>
    public decimal Propose { get; set; } = 50m;

    /// <summary>In negotiation.</summary>
    public decimal Negotiate { get; set; } = 75m;

    /// <summary>The probability of a stage, in percent.</summary>
    public decimal Of(OpportunityStage stage) => stage switch
    {
        OpportunityStage.Identify => Identify,
        OpportunityStage.Qualify => Qualify,
        OpportunityStage.Propose => Propose,
        OpportunityStage.Negotiate => Negotiate,
        _ => 0m,
    };

    /// <summary>Names the first probability outside 0-100, or null when all are within.</summary>
    public string? Invalid() => Enum.GetValues<OpportunityStage>().Where(s => Of(s) is < 0 or > 100).Select(s => $"{Section}:{s}").FirstOrDefault();
}
