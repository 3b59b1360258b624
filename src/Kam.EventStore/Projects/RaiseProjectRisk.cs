using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Raise a risk on the project: how likely (0-1), how bad, who owns it, how it is mitigated.</summary>
public sealed record RaiseProjectRisk : ProjectChange
{
    /// <summary>Optional client-chosen risk id; generated when omitted.</summary>
    /// <example>0196f1d1-5f00-7000-8000-000000000021</example>
    public Guid? RiskId { get; init; }

    /// <summary>What might happen.</summary>
    /// <example>The customer's line slot for the trial run may be cancelled</example>
    public string Description { get; init; } = "";

    /// <summary>How likely it is: from 0 (cannot happen) to 1 (certain).</summary>
    /// <example>0.4</example>
    public decimal? Probability { get; init; }

    /// <summary>How bad it would be: Low, Medium, High or Critical.</summary>
    /// <example>High</example>
    public RiskImpact? Impact { get; init; }

    /// <summary>Who of ours owns it (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OwnerPersonId { get; init; } = "";

    /// <summary>How it is mitigated.</summary>
    /// <example>Book a backup slot at the Kaskinen mill</example>
    public string? Mitigation { get; init; }
}

public static class RaiseProjectRiskEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        RaiseProjectRisk command, Project project, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = RiskRules.Assessment(new FieldErrors().Required("description", command.Description, FieldErrors.LongText), command.Probability,
            command.Impact, command.OwnerPersonId, command.Mitigation);
        if (command.RiskId == Guid.Empty)
        {
            errors.Add("riskId", "Must not be the empty id.");
        }

        var dated = ProjectRules.Dated(errors, command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (command.RiskId is { } id && project.RiskOf(id) is not null)
        {
            return Problems.Conflict("duplicate-risk", $"Risk {id} already exists.");
        }

        return await PeopleDirectory.Known(session, "ownerPersonId", [command.OwnerPersonId], command.On(now), cancellation);
    }

    /// <summary>Raise a project risk.</summary>
    /// <remarks>Appends <c>ProjectRiskRaised</c>; the answer's <c>itemId</c> is the risk. Open risks of high impact show on the dashboard.</remarks>
    [WolverinePost("/api/projects/{projectId}/risks", OperationId = "RaiseProjectRisk")]
    [Tags("Joint projects")]
    public static Events Post(RaiseProjectRisk command, [WriteAggregate("projectId")] Project project, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new ProjectRiskRaised(project.AccountId, project.Id, command.RiskId ?? Guid.CreateVersion7(now), command.Description.Trim(), command.Probability!.Value,
                command.Impact!.Value, PersonIds.Normalize(command.OwnerPersonId), command.Mitigation?.Trim(), command.When(now), user.Actor()),
        ];
}

/// <summary>The rules of a risk's assessment and of what may happen to a risk.</summary>
public static class RiskRules
{
    /// <summary>Probability 0-1, a known impact, an owner of ours, an optional mitigation.</summary>
    public static FieldErrors Assessment(FieldErrors errors, decimal? probability, RiskImpact? impact, string owner, string? mitigation) =>
        errors.Probability("probability", probability).Present("impact", impact).Defined("impact", impact)
            .PersonId("ownerPersonId", owner, required: true).Optional("mitigation", mitigation, FieldErrors.LongText);

    /// <summary>404 for a risk the project does not have; 409 <c>risk-closed</c> once it was realised or closed.</summary>
    public static ProblemDetails Open(Project project, Guid riskId) => project.RiskOf(riskId) switch
    {
        null => ProjectRules.Unknown("Risk", riskId),
        { Status: not RiskStatus.Open } risk =>
            Problems.Conflict("risk-closed", $"The risk was {risk.Status.ToString().ToLowerInvariant()} on {risk.ClosedOn:yyyy-MM-dd}; it takes no further change."),
        _ => Problems.None,
    };
}
