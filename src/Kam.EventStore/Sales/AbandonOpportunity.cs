using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Record that we stopped pursuing an opportunity.</summary>
public sealed record AbandonOpportunity : SalesChange
{
    /// <summary>Why.</summary>
    /// <example>Customer postponed the investment indefinitely</example>
    public string Reason { get; init; } = "";

    /// <summary>The business date it was abandoned; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? AbandonedOn { get; init; }
}

public static class AbandonOpportunityEndpoint
{
    public static ProblemDetails Validate(AbandonOpportunity command, Opportunity opportunity, DateTimeOffset now) =>
        SalesRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command.OccurredAt, "abandonedOn", command.AbandonedOn,
            opportunity.LastFactAt, "The opportunity's latest fact", now);

    /// <summary>Abandon an opportunity.</summary>
    /// <remarks>Appends <c>OpportunityAbandoned</c>. It may be reopened later.</remarks>
    [WolverinePost("/api/opportunities/{opportunityId}/abandonment", OperationId = "AbandonOpportunity")]
    [Tags("Sales")]
    public static Events Post(AbandonOpportunity command, [WriteAggregate] Opportunity opportunity, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new OpportunityAbandoned(opportunity.AccountId, opportunity.Id, command.Reason.Trim(), command.On(now, command.AbandonedOn),
            command.When(now, command.AbandonedOn), user.Actor()),
    ];
}
