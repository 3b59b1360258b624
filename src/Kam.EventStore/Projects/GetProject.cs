using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Projects;

/// <summary>The one loader of a project's state: now, as recorded at an instant, as it stood on a business date, or both.</summary>
public static class ProjectHistory
{
    /// <summary>
    /// The project as it stands (its stored row), or folded from its events recorded by <paramref name="asOf"/> and dated by
    /// <paramref name="on"/>, with the same <c>Create</c>/<c>Apply</c>; null when it had not started (or been recorded) by then.
    /// </summary>
    public static async Task<Project?> LoadAsync(
        IQuerySession session, Guid projectId, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now, CancellationToken cancellation)
    {
        if (asOf is null && on is null)
        {
            return await session.LoadAsync<Project>(projectId, cancellation);
        }

        var events = (await session.Events.FetchStreamAsync(projectId, timestamp: asOf is null ? null : PastViews.Instant(asOf, now), token: cancellation))
            .Where(e => on is null || BusinessTime.DateOf(e.Data) <= on)
            .ToList();
        var project = Project.Fold(events.Select(e => e.Data));
        project?.Version = events[^1].Version;
        return project;
    }

    /// <summary>The commitments that depend on the project's milestones, as of the same instant and date as the project.</summary>
    public static Task<IReadOnlyList<Commitment>> CommitmentsAsync(
        IQuerySession session, Project project, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now, CancellationToken cancellation)
    {
        var projectId = project.Id;
        return LinkedCommitments.OfAsync(session, project.AccountId, c => c.Milestone != null && c.Milestone.ProjectId == projectId,
            asOf is null ? null : PastViews.Instant(asOf, now), on, cancellation);
    }
}

public static class GetProjectEndpoint
{
    /// <summary>A joint development project: now, as recorded at an instant, or as it stood on a business date.</summary>
    /// <remarks>
    /// The project's people (the customer's named as the account's stakeholders know them), budget in force, milestones (planned date,
    /// date in force, every slip with its reason, reached, late, and the commitments to the customer each puts at risk), status reports,
    /// change requests with their decisions and authority checks, risks, issues, and how it closed. With <c>asOf</c> (an instant): as
    /// recorded by then. With <c>on</c> (a business date): the facts dated by then, late milestones counted on that date. Both: what our
    /// records said at <c>asOf</c> about <c>on</c>. 404 when it had not started (or been recorded) by then.
    /// </remarks>
    /// <param name="projectId">The project.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as it stood on that date; default today (or the date of <c>asOf</c>).</param>
    [WolverineGet("/api/projects/{projectId}", OperationId = "GetProject")]
    [Tags("Joint projects")]
    [ProducesResponseType<ProjectView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid projectId, IQuerySession session, HttpContext context, DateTimeOffset now, CancellationToken cancellation, DateTimeOffset? asOf = null,
        DateOnly? on = null)
    {
        var project = await ProjectHistory.LoadAsync(session, projectId, asOf, on, now, cancellation);
        if (project is null)
        {
            return Results.Problem(Problems.Make(StatusCodes.Status404NotFound, "not-found", "Project not found.",
                asOf is null && on is null
                    ? $"No project with id '{projectId}'."
                    : $"No project with id '{projectId}' had started{(on is { } d ? $" by {d:yyyy-MM-dd}" : "")}{(asOf is { } at ? $" as recorded by {at:O}" : "")}."));
        }

        var roles = await session.LoadAsync<AccountRoles>(project.AccountId, cancellation);
        var commitments = await ProjectHistory.CommitmentsAsync(session, project, asOf, on, now, cancellation);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(project.Version);
        return Results.Ok(ProjectView.Of(project, on ?? PastViews.DateOf(PastViews.Instant(asOf, now)), roles, commitments));
    }
}
