using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Domain;

/// <summary>
/// The business time of a new fact of a series (a plan, a project...) whose command gives <c>occurredAt</c>, a date of its own,
/// both or neither: the checks every such command shares, in one place, so each area's rules read the same.
/// </summary>
public static class SeriesDates
{
    /// <summary>
    /// 400 when <c>occurredAt</c> or the date lies in the future, or when both are given and <c>occurredAt</c> falls on another
    /// date; then 422 <c>out-of-order</c> when the fact would come before <paramref name="latest"/>, the series' latest fact.
    /// Pass <c>"occurredAt"</c> and no date for a command dated by <c>occurredAt</c> alone.
    /// </summary>
    public static ProblemDetails Check(
        FieldErrors errors, DateTimeOffset? occurredAt, string dateField, DateOnly? on, DateTimeOffset? latest, string what, DateTimeOffset now)
    {
        errors.NotInFuture("occurredAt", occurredAt, now);
        if (dateField != "occurredAt")
        {
            errors.NotInFuture(dateField, on, now);
        }

        if (on is { } date && occurredAt is { } at && BusinessTime.Today(at) != date)
        {
            errors.Add("occurredAt", $"Must fall on {dateField} ({date:yyyy-MM-dd}) when both are given.");
        }

        return errors.Any
            ? errors.ToProblem()
            : BusinessTime.NotBefore(occurredAt is null ? dateField : "occurredAt", BusinessTime.Resolve(occurredAt, on, now), latest, what);
    }
}
