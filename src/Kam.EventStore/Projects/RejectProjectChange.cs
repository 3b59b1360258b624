using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Reject a proposed change to a project, with the reason. The caller rejects it; not its proposer.</summary>
public sealed record RejectProjectChange : ProjectChange
{
    /// <summary>Why it was rejected.</summary>
    /// <example>No budget left this year; propose it again in January</example>
    public string Reason { get; init; } = "";
}

public static class RejectProjectChangeEndpoint
{
    public static ProblemDetails Validate(RejectProjectChange command, Guid changeRequestId, Project project, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = ProjectRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var pending = ApproveProjectChangeEndpoint.Pending(project, changeRequestId);
        if (Problems.Found(pending))
        {
            return pending;
        }

        return PersonIds.Normalize(user.Actor()) == project.ChangeRequestOf(changeRequestId)!.ProposedByPersonId
            ? Problems.Rule("self-approval", "The proposer does not decide their own change request.")
            : Problems.None;
    }

    /// <summary>Reject a project change request.</summary>
    /// <remarks>Appends <c>ProjectChangeRejected</c>; nothing in the project changes.</remarks>
    [WolverinePost("/api/projects/{projectId}/change-requests/{changeRequestId}/rejection", OperationId = "RejectProjectChange")]
    [Tags("Joint projects")]
    public static Events Post(
        RejectProjectChange command, Guid changeRequestId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectChangeRejected(project.AccountId, project.Id, changeRequestId, PersonIds.Normalize(user.Actor()), command.Reason.Trim(), command.When(now),
                user.Actor()),
        ];
}
