using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>
/// Record that a milestone slipped to a later date, with the reason. Known on the date of <c>occurredAt</c> (default now). The
/// planned date stays; to re-plan a milestone, propose a schedule change.
/// </summary>
public sealed record SlipMilestone : ProjectChange
{
    /// <summary>The new date it is due: after its date in force.</summary>
    /// <example>2027-08-31</example>
    public DateOnly? DueOn { get; init; }

    /// <summary>Why it slipped.</summary>
    /// <example>The customer's line maintenance moved into June</example>
    public string Reason { get; init; } = "";
}

public static class SlipMilestoneEndpoint
{
    public static ProblemDetails Validate(SlipMilestone command, Guid milestoneId, Project project, DateTimeOffset now)
    {
        var dated = ProjectRules.Dated(new FieldErrors().Present("dueOn", command.DueOn).Required("reason", command.Reason, FieldErrors.LongText), command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return project.MilestoneOf(milestoneId) switch
        {
            null => ProjectRules.Unknown("Milestone", milestoneId),
            { ReachedOn: { } reached } => Problems.Conflict("milestone-reached", $"The milestone was reached on {reached:yyyy-MM-dd}; it cannot slip."),
            { DueOn: var due } when command.DueOn <= due =>
                Problems.Rule("not-a-slip", $"dueOn: a slip moves the milestone later than its date in force ({due:yyyy-MM-dd})."),
            _ => Problems.None,
        };
    }

    /// <summary>Record a milestone slipped.</summary>
    /// <remarks>
    /// Appends <c>ProjectMilestoneSlipped</c> with the date it was due and the new one. The project then shows the commitments made
    /// to the customer that depend on the milestone and are due before its new date: the commitments it puts at risk. 409
    /// <c>project-closed</c> on a closed project.
    /// </remarks>
    [WolverinePost("/api/projects/{projectId}/milestones/{milestoneId}/slips", OperationId = "SlipMilestone")]
    [Tags("Joint projects")]
    public static Events Post(SlipMilestone command, Guid milestoneId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectMilestoneSlipped(project.AccountId, project.Id, milestoneId, project.MilestoneOf(milestoneId)!.DueOn, command.DueOn!.Value,
                command.Reason.Trim(), command.When(now), user.Actor()),
        ];
}
