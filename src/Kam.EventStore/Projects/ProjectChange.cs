using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Projects;

/// <summary>What every change to an existing project carries.</summary>
public abstract record ProjectChange : IExpectVersion
{
    /// <inheritdoc />
    public long? Version { get; init; }

    /// <summary>
    /// When it happened in business time; defaults to now (the answer says so). May be backdated; not into the future, and not
    /// before the project's latest fact.
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What a successful write to a project answers.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="ItemId">The change request, risk or issue the write created, if it created one.</param>
/// <param name="Version">The project stream's version after the write; send it as the expected version of the next write.</param>
/// <param name="OccurredAt">The business time recorded on the fact: as the request gave it (an instant, or the start of a past date), or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record ProjectWritten(Guid ProjectId, Guid? ItemId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

/// <summary>The rules every change to a project shares.</summary>
public static class ProjectRules
{
    /// <summary>The change's business time: not in the future, <c>occurredAt</c> on the date given, not before the project's latest fact.</summary>
    public static ProblemDetails Dated(
        FieldErrors errors, ProjectChange change, Project project, DateTimeOffset now, string dateField = "occurredAt", DateOnly? on = null) =>
        SeriesDates.Check(errors, change.OccurredAt, dateField, on, project.LastFactAt, "The project's latest fact", now);

    /// <summary>When the change happened in business time.</summary>
    public static DateTimeOffset When(this ProjectChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.Resolve(change.OccurredAt, on, now);

    /// <summary>The business date of the change.</summary>
    public static DateOnly On(this ProjectChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.DateOf(change.OccurredAt, on, now);

    /// <summary>A risk's probability: from 0 (cannot happen) to 1 (certain).</summary>
    public static FieldErrors Probability(this FieldErrors errors, string field, decimal? probability)
    {
        if (probability is null)
        {
            return errors.Add(field, "Required: from 0 to 1.");
        }

        return probability is < 0m or > 1m ? errors.Add(field, "Must be from 0 to 1.") : errors;
    }

    /// <summary>404 for an id the route names that the project does not have.</summary>
    public static ProblemDetails Unknown(string what, Guid id) => Problems.NotFound(what, id);
}
