namespace Kam.EventStore.Sales;

/// <summary>What every change to an existing budget, actual, opportunity or negotiation carries.</summary>
public abstract record SalesChange : IExpectVersion
{
    /// <inheritdoc />
    public long? Version { get; init; }

    /// <summary>
    /// When it happened in business time; defaults to now (the answer says so). May be backdated; not into the future, and not
    /// before the record's latest fact.
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>
/// What a successful change to a budget, an actual, an opportunity or a negotiation answers.
/// </summary>
/// <param name="Id">The budget, actual, opportunity or negotiation.</param>
/// <param name="Version">Its version after the change; send it as the expected version of the next change.</param>
/// <param name="OccurredAt">The business time recorded on the fact: as the request gave it (an instant, or the start of a past date), or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
/// <param name="Status">Where the record stands after the change (an opportunity's or a negotiation's status; a budget's revision).</param>
/// <param name="ConcessionId">The concession the change was about, for a change to a negotiation's concession.</param>
/// <param name="ConcessionStatus">Where that concession stands after the change.</param>
/// <param name="CommitmentId">The commitment a granted concession became.</param>
/// <param name="CompetitorId">The competitor presence an opportunity lost to a competitor was linked to (noted now, or before).</param>
public sealed record SalesWritten(
    Guid Id, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted, string? Status = null, Guid? ConcessionId = null,
    ConcessionStatus? ConcessionStatus = null, Guid? CommitmentId = null, Guid? CompetitorId = null)
{
    /// <summary>The business time of the first fact appended, and whether it was defaulted.</summary>
    public static (DateTimeOffset OccurredAt, bool Defaulted) TimeOf(IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var occurredAt = appended.OfType<IBusinessFact>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        return (occurredAt, occurredAt == now);
    }
}
