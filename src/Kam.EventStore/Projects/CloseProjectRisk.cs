using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Close a risk that passed without happening, or was mitigated away.</summary>
public sealed record CloseProjectRisk : ProjectChange
{
    /// <summary>Why it is closed.</summary>
    /// <example>The trial run went ahead as planned</example>
    public string Reason { get; init; } = "";
}

public static class CloseProjectRiskEndpoint
{
    public static ProblemDetails Validate(CloseProjectRisk command, Guid riskId, Project project, DateTimeOffset now) =>
        Problems.FirstOf(
            ProjectRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, project, now),
            RiskRules.Open(project, riskId));

    /// <summary>Close a project risk.</summary>
    /// <remarks>Appends <c>ProjectRiskClosed</c>.</remarks>
    [WolverinePost("/api/projects/{projectId}/risks/{riskId}/closure", OperationId = "CloseProjectRisk")]
    [Tags("Joint projects")]
    public static Events Post(CloseProjectRisk command, Guid riskId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [new ProjectRiskClosed(project.AccountId, project.Id, riskId, command.Reason.Trim(), command.When(now), user.Actor())];
}
