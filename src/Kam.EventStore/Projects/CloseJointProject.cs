using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Close the project: delivered or cancelled, with the lessons learned. It then takes no further change.</summary>
public sealed record CloseJointProject : ProjectChange
{
    /// <summary>Delivered or Cancelled.</summary>
    /// <example>Delivered</example>
    public ProjectOutcome? Outcome { get; init; }

    /// <summary>The business date it closed; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? ClosedOn { get; init; }

    /// <summary>The lessons learned (at least one).</summary>
    /// <example>["Book the customer's line a quarter ahead", "Keep a fifth of the budget for a second trial run"]</example>
    public IReadOnlyList<string>? Lessons { get; init; }

    /// <summary>An optional closing note.</summary>
    public string? Note { get; init; }
}

public static class CloseJointProjectEndpoint
{
    public static ProblemDetails Validate(CloseJointProject command, Project project, DateTimeOffset now)
    {
        var errors = new FieldErrors().Present("outcome", command.Outcome).Defined("outcome", command.Outcome).Optional("note", command.Note, FieldErrors.LongText);
        if (command.Lessons is null || command.Lessons.Count == 0)
        {
            errors.Add("lessons", "Required: at least one lesson learned.");
        }

        for (var i = 0; i < (command.Lessons?.Count ?? 0); i++)
        {
            errors.Required($"lessons[{i}]", command.Lessons![i], FieldErrors.LongText);
        }

        var dated = ProjectRules.Dated(errors, command, project, now, "closedOn", command.ClosedOn);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (project.ChangeRequests.Where(c => c.Status == ChangeRequestStatus.Proposed).Select(c => c.ChangeRequestId).ToList() is { Count: > 0 } pending)
        {
            return Problems.Rule("pending-change-requests", $"Decide the pending change requests first: {string.Join(", ", pending)}.");
        }

        return command.Outcome == ProjectOutcome.Delivered && project.Milestones.Where(m => m.ReachedOn is null).Select(m => m.Name).ToList() is { Count: > 0 } open
            ? Problems.Rule("milestones-not-reached", $"A delivered project has reached every milestone; not reached: {string.Join(", ", open)}.")
            : Problems.None;
    }

    /// <summary>Close a joint project.</summary>
    /// <remarks>
    /// Appends <c>JointProjectClosed</c>: delivered (every milestone reached; late when any was reached after the date planned for it)
    /// or cancelled, with the lessons learned. Afterwards every change is 409 <c>project-closed</c>.
    /// </remarks>
    [WolverinePost("/api/projects/{projectId}/closure", OperationId = "CloseJointProject")]
    [Tags("Joint projects")]
    public static Events Post(CloseJointProject command, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new JointProjectClosed(project.AccountId, project.Id, command.Outcome!.Value, command.On(now, command.ClosedOn),
                [.. command.Lessons!.Select(l => l.Trim())], command.Note?.Trim(), command.When(now, command.ClosedOn), user.Actor()),
        ];
}
