using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Record that a risk happened: it becomes an issue to solve.</summary>
public sealed record RealiseProjectRisk : ProjectChange
{
    /// <summary>Optional client-chosen id of the issue it opens; generated when omitted.</summary>
    /// <example>0196f1d1-5f00-7000-8000-000000000031</example>
    public Guid? IssueId { get; init; }

    /// <summary>What happened: the issue's description.</summary>
    /// <example>The customer cancelled the line slot for the trial run</example>
    public string Description { get; init; } = "";

    /// <summary>Who of ours owns the issue (person id); defaults to the risk's owner.</summary>
    public string? OwnerPersonId { get; init; }
}

public static class RealiseProjectRiskEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        RealiseProjectRisk command, Guid riskId, Project project, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors().Required("description", command.Description, FieldErrors.LongText).PersonId("ownerPersonId", command.OwnerPersonId, required: false);
        if (command.IssueId == Guid.Empty)
        {
            errors.Add("issueId", "Must not be the empty id.");
        }

        var problem = Problems.FirstOf(ProjectRules.Dated(errors, command, project, now), RiskRules.Open(project, riskId));
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (command.IssueId is { } id && project.IssueOf(id) is not null)
        {
            return Problems.Conflict("duplicate-issue", $"Issue {id} already exists.");
        }

        return await PeopleDirectory.Known(session, "ownerPersonId", command.OwnerPersonId is { } owner ? [owner] : [], command.On(now), cancellation);
    }

    /// <summary>Record a project risk realised.</summary>
    /// <remarks>
    /// Appends <c>ProjectRiskRealised</c> and <c>ProjectIssueRaised</c> (the issue it became, naming the risk), both dated <c>occurredAt</c>
    /// (default now). The answer's <c>itemId</c> is the issue.
    /// </remarks>
    [WolverinePost("/api/projects/{projectId}/risks/{riskId}/realisation", OperationId = "RealiseProjectRisk")]
    [Tags("Joint projects")]
    public static Events Post(RealiseProjectRisk command, Guid riskId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user)
    {
        var issueId = command.IssueId ?? Guid.CreateVersion7(now);
        var when = command.When(now);
        var owner = command.OwnerPersonId is { } given ? PersonIds.Normalize(given) : project.RiskOf(riskId)!.OwnerPersonId;
        return
        [
            new ProjectRiskRealised(project.AccountId, project.Id, riskId, issueId, when, user.Actor()),
            new ProjectIssueRaised(project.AccountId, project.Id, issueId, command.Description.Trim(), owner, riskId, when, user.Actor()),
        ];
    }
}
