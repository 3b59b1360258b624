using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Record that an issue was resolved, and how.</summary>
public sealed record ResolveProjectIssue : ProjectChange
{
    /// <summary>How it was resolved.</summary>
    /// <example>New reels shipped by air</example>
    public string Resolution { get; init; } = "";
}

public static class ResolveProjectIssueEndpoint
{
    public static ProblemDetails Validate(ResolveProjectIssue command, Guid issueId, Project project, DateTimeOffset now)
    {
        var dated = ProjectRules.Dated(new FieldErrors().Required("resolution", command.Resolution, FieldErrors.LongText), command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return project.IssueOf(issueId) switch
        {
            null => ProjectRules.Unknown("Issue", issueId),
            { ResolvedOn: { } resolved } => Problems.Conflict("issue-resolved", $"The issue was resolved on {resolved:yyyy-MM-dd}."),
            _ => Problems.None,
        };
    }

    /// <summary>Resolve a project issue.</summary>
    /// <remarks>Appends <c>ProjectIssueResolved</c>.</remarks>
    [WolverinePost("/api/projects/{projectId}/issues/{issueId}/resolution", OperationId = "ResolveProjectIssue")]
    [Tags("Joint projects")]
    public static Events Post(ResolveProjectIssue command, Guid issueId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [new ProjectIssueResolved(project.AccountId, project.Id, issueId, command.Resolution.Trim(), command.When(now), user.Actor())];
}
