using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Move an open opportunity to another stage.</summary>
public sealed record ChangeOpportunityStage : SalesChange
{
    /// <summary>The new stage.</summary>
    /// <example>Propose</example>
    public OpportunityStage? Stage { get; init; }

    /// <summary>Optional note: what moved it.</summary>
    /// <example>Proposal sent to the CFO</example>
    public string? Note { get; init; }
}

public static class ChangeOpportunityStageEndpoint
{
    public static ProblemDetails Validate(ChangeOpportunityStage command, Opportunity opportunity, DateTimeOffset now)
    {
        var errors = new FieldErrors().Present("stage", command.Stage).Defined("stage", command.Stage).Optional("note", command.Note, FieldErrors.LongText);
        var dated = SalesRules.Dated(errors, command, opportunity.LastFactAt, "The opportunity's latest fact", now);
        return Problems.Found(dated) || command.Stage != opportunity.Stage
            ? dated
            : Problems.Rule("same-stage", $"The opportunity is at {opportunity.Stage} already.");
    }

    /// <summary>Change an opportunity's stage.</summary>
    /// <remarks>Appends <c>OpportunityStageChanged</c>. A won, lost or abandoned opportunity takes no stage change (409 <c>opportunity-closed</c>).</remarks>
    [WolverinePost("/api/opportunities/{opportunityId}/stage-changes", OperationId = "ChangeOpportunityStage")]
    [Tags("Sales")]
    public static Events Post(ChangeOpportunityStage command, [WriteAggregate] Opportunity opportunity, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new OpportunityStageChanged(opportunity.AccountId, opportunity.Id, opportunity.Stage, command.Stage!.Value, command.Note?.Trim(), command.When(now),
            user.Actor()),
    ];
}
