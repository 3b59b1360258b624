using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Reassess an open risk: its whole new assessment (probability, impact, owner, mitigation), with the reason.</summary>
public sealed record ReassessProjectRisk : ProjectChange
{
    /// <summary>How likely it is now: from 0 to 1.</summary>
    /// <example>0.7</example>
    public decimal? Probability { get; init; }

    /// <summary>How bad it would be now: Low, Medium, High or Critical.</summary>
    /// <example>High</example>
    public RiskImpact? Impact { get; init; }

    /// <summary>Who of ours owns it now (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OwnerPersonId { get; init; } = "";

    /// <summary>How it is mitigated now.</summary>
    /// <example>Backup slot requested; no answer yet</example>
    public string? Mitigation { get; init; }

    /// <summary>Why it was reassessed.</summary>
    /// <example>The mill announced extra maintenance days</example>
    public string Reason { get; init; } = "";
}

public static class ReassessProjectRiskEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        ReassessProjectRisk command, Guid riskId, Project project, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = RiskRules.Assessment(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command.Probability, command.Impact,
            command.OwnerPersonId, command.Mitigation);
        var problem = Problems.FirstOf(ProjectRules.Dated(errors, command, project, now), RiskRules.Open(project, riskId));
        if (Problems.Found(problem))
        {
            return problem;
        }

        var risk = project.RiskOf(riskId)!;
        if (risk.Probability == command.Probability && risk.Impact == command.Impact && risk.OwnerPersonId == PersonIds.Normalize(command.OwnerPersonId)
            && risk.Mitigation == command.Mitigation?.Trim())
        {
            return Problems.Rule("nothing-changed", "The assessment is the one in force.");
        }

        return await PeopleDirectory.Known(session, "ownerPersonId", [command.OwnerPersonId], command.On(now), cancellation);
    }

    /// <summary>Reassess a project risk.</summary>
    /// <remarks>Appends <c>ProjectRiskReassessed</c> with the whole new assessment.</remarks>
    [WolverinePost("/api/projects/{projectId}/risks/{riskId}/reassessments", OperationId = "ReassessProjectRisk")]
    [Tags("Joint projects")]
    public static Events Post(ReassessProjectRisk command, Guid riskId, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectRiskReassessed(project.AccountId, project.Id, riskId, command.Probability!.Value, command.Impact!.Value,
                PersonIds.Normalize(command.OwnerPersonId), command.Mitigation?.Trim(), command.Reason.Trim(), command.When(now), user.Actor()),
        ];
}
