namespace Kam.EventStore.Sales;

// Each revenue actual is a stream of its own (one per account, period and product line, as reported by its source); its
// events carry the account id. A correction is a new event on the actual's stream that points at what it corrects.

/// <summary>
/// Revenue booked on the account for a period, as its source (an ERP invoice batch) reported it: the amount in its own
/// currency and, counted in the currency of the period's budget, with the rate used. <c>BookedOn</c> is when the figure
/// became known; results of earlier dates do not count it.
/// </summary>
public sealed record RevenueActualRecorded(
    Guid AccountId,
    Guid ActualId,
    Period Period,
    string? ProductLine,
    Money Amount,
    decimal? Rate,
    Money Converted,
    string Source,
    Guid? BatchId,
    DateOnly BookedOn,
    DateTimeOffset OccurredAt,
    string By) : IActualEvent, IEffectiveDated
{
    DateOnly IEffectiveDated.EffectiveOn => BookedOn;
}

/// <summary>
/// The actual was wrong: the figure that replaces it, from <c>OccurredAt</c> on. Points at what it corrects (the actual, and
/// the version of it whose figure it replaces) and holds that figure too, with the reason.
/// </summary>
public sealed record RevenueActualCorrected(
    Guid AccountId,
    Guid ActualId,
    long CorrectsVersion,
    Money PreviousAmount,
    Money PreviousConverted,
    Money Amount,
    decimal? Rate,
    Money Converted,
    string Source,
    string Reason,
    DateTimeOffset OccurredAt,
    string By) : IActualEvent;
