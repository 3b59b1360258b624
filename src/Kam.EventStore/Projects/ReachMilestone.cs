using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Record that a milestone was reached.</summary>
public sealed record ReachMilestone : ProjectChange
{
    /// <summary>The business date it was reached; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? ReachedOn { get; init; }

    /// <summary>An optional note: the evidence.</summary>
    /// <example>Trial run report signed by the mill manager</example>
    public string? Note { get; init; }
}

public static class ReachMilestoneEndpoint
{
    public static ProblemDetails Validate(ReachMilestone command, Guid milestoneId, Project project, DateTimeOffset now)
    {
        var dated = ProjectRules.Dated(new FieldErrors().Optional("note", command.Note, FieldErrors.LongText), command, project, now, "reachedOn", command.ReachedOn);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return project.MilestoneOf(milestoneId) switch
        {
            null => ProjectRules.Unknown("Milestone", milestoneId),
            { ReachedOn: { } reached } => Problems.Conflict("milestone-reached", $"The milestone was reached on {reached:yyyy-MM-dd}."),
            _ => Problems.None,
        };
    }

    /// <summary>Record a milestone reached.</summary>
    /// <remarks>Appends <c>ProjectMilestoneReached</c>. Reached after its planned date, it counts as late.</remarks>
    [WolverinePost("/api/projects/{projectId}/milestones/{milestoneId}/achievement", OperationId = "ReachMilestone")]
    [Tags("Joint projects")]
    public static Events Post(ReachMilestone command, Guid milestoneId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectMilestoneReached(project.AccountId, project.Id, milestoneId, command.On(now, command.ReachedOn), command.Note?.Trim(),
                command.When(now, command.ReachedOn), user.Actor()),
        ];
}
