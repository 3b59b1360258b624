using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Report the project's status: red, amber or green, a summary and the next steps.</summary>
public sealed record ReportProjectStatus : ProjectChange
{
    /// <summary>The report's business date; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? ReportedOn { get; init; }

    /// <summary>Green (on track), Amber (at risk) or Red (off track).</summary>
    /// <example>Green</example>
    public Rag? Rag { get; init; }

    /// <summary>Where the project stands.</summary>
    /// <example>Lab trials on schedule; the customer's line booked for the trial run.</example>
    public string Summary { get; init; } = "";

    /// <summary>What happens next.</summary>
    /// <example>Ship the trial reels; agree the test protocol with the mill.</example>
    public string? NextSteps { get; init; }
}

public static class ReportProjectStatusEndpoint
{
    public static ProblemDetails Validate(ReportProjectStatus command, Project project, DateTimeOffset now) =>
        ProjectRules.Dated(
            new FieldErrors().Present("rag", command.Rag).Defined("rag", command.Rag).Required("summary", command.Summary, FieldErrors.LongText)
                .Optional("nextSteps", command.NextSteps, FieldErrors.LongText),
            command, project, now, "reportedOn", command.ReportedOn);

    /// <summary>Report a project's status.</summary>
    /// <remarks>Appends <c>ProjectStatusReported</c>. The latest report's colour is the project's (red projects show on the dashboard).</remarks>
    [WolverinePost("/api/projects/{projectId}/status-reports", OperationId = "ReportProjectStatus")]
    [Tags("Joint projects")]
    public static Events Post(ReportProjectStatus command, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectStatusReported(project.AccountId, project.Id, command.On(now, command.ReportedOn), command.Rag!.Value, command.Summary.Trim(),
                command.NextSteps?.Trim(), command.When(now, command.ReportedOn), user.Actor()),
        ];
}
