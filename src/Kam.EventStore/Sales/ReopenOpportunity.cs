using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Pursue a lost or abandoned opportunity again.</summary>
public sealed record ReopenOpportunity : SalesChange, IAppliesToClosedHistory
{
    /// <summary>Why.</summary>
    /// <example>The competitor's offer fell through</example>
    public string Reason { get; init; } = "";

    /// <summary>The stage it is pursued at; default the stage it had when it closed.</summary>
    public OpportunityStage? Stage { get; init; }
}

public static class ReopenOpportunityEndpoint
{
    public static ProblemDetails Validate(ReopenOpportunity command, Opportunity opportunity, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).Defined("stage", command.Stage);
        var dated = SalesRules.Dated(errors, command, opportunity.LastFactAt, "The opportunity's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return opportunity.Status switch
        {
            OpportunityStatus.Open => Problems.Conflict("opportunity-open", "The opportunity is open; only a lost or abandoned one is reopened."),
            OpportunityStatus.Won => Problems.Conflict("opportunity-won", $"The opportunity was won on {opportunity.ClosedOn:yyyy-MM-dd}; its business is booked."),
            _ => Problems.None,
        };
    }

    /// <summary>Reopen a lost or abandoned opportunity.</summary>
    /// <remarks>Appends <c>OpportunityReopened</c>; it is open again, at <c>stage</c> (default its stage when it closed).</remarks>
    [WolverinePost("/api/opportunities/{opportunityId}/reopening", OperationId = "ReopenOpportunity")]
    [Tags("Sales")]
    public static Events Post(ReopenOpportunity command, [WriteAggregate] Opportunity opportunity, DateTimeOffset now, ClaimsPrincipal user) =>
        [new OpportunityReopened(opportunity.AccountId, opportunity.Id, command.Stage ?? opportunity.Stage, command.Reason.Trim(), command.When(now), user.Actor())];
}
