using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Raise an issue on the project: a problem to solve now, with its owner.</summary>
public sealed record RaiseProjectIssue : ProjectChange
{
    /// <summary>Optional client-chosen issue id; generated when omitted.</summary>
    /// <example>0196f1d1-5f00-7000-8000-000000000032</example>
    public Guid? IssueId { get; init; }

    /// <summary>What the problem is.</summary>
    /// <example>Trial reels damaged in transport</example>
    public string Description { get; init; } = "";

    /// <summary>Who of ours owns it (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OwnerPersonId { get; init; } = "";
}

public static class RaiseProjectIssueEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        RaiseProjectIssue command, Project project, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors().Required("description", command.Description, FieldErrors.LongText).PersonId("ownerPersonId", command.OwnerPersonId, required: true);
        if (command.IssueId == Guid.Empty)
        {
            errors.Add("issueId", "Must not be the empty id.");
        }

        var dated = ProjectRules.Dated(errors, command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (command.IssueId is { } id && project.IssueOf(id) is not null)
        {
            return Problems.Conflict("duplicate-issue", $"Issue {id} already exists.");
        }

        return await PeopleDirectory.Known(session, "ownerPersonId", [command.OwnerPersonId], command.On(now), cancellation);
    }

    /// <summary>Raise a project issue.</summary>
    /// <remarks>Appends <c>ProjectIssueRaised</c>; the answer's <c>itemId</c> is the issue.</remarks>
    [WolverinePost("/api/projects/{projectId}/issues", OperationId = "RaiseProjectIssue")]
    [Tags("Joint projects")]
    public static Events Post(RaiseProjectIssue command, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectIssueRaised(project.AccountId, project.Id, command.IssueId ?? Guid.CreateVersion7(now), command.Description.Trim(),
                PersonIds.Normalize(command.OwnerPersonId), null, command.When(now), user.Actor()),
        ];
}
