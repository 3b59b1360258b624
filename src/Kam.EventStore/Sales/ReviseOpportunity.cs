using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Change an open opportunity's value or expected close date (or both), with the reason.</summary>
public sealed record ReviseOpportunity : SalesChange
{
    /// <summary>The new value, when it changed.</summary>
    public Money? Value { get; init; }

    /// <summary>The new expected close date, when it changed; not before the opportunity was opened.</summary>
    /// <example>2026-10-31</example>
    public DateOnly? ExpectedCloseOn { get; init; }

    /// <summary>Why.</summary>
    /// <example>Scope extended to the Oulu mill</example>
    public string Reason { get; init; } = "";
}

public static class ReviseOpportunityEndpoint
{
    public static ProblemDetails Validate(ReviseOpportunity command, Opportunity opportunity, DateTimeOffset now)
    {
        var errors = new FieldErrors().Money("value", command.Value, required: false).Required("reason", command.Reason, FieldErrors.LongText);
        if (command.ExpectedCloseOn < opportunity.OpenedOn)
        {
            errors.Add("expectedCloseOn", $"Must not be before the opportunity was opened ({opportunity.OpenedOn:yyyy-MM-dd}).");
        }

        var dated = SalesRules.Dated(errors, command, opportunity.LastFactAt, "The opportunity's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return (command.Value ?? opportunity.Value) == opportunity.Value && (command.ExpectedCloseOn ?? opportunity.ExpectedCloseOn) == opportunity.ExpectedCloseOn
            ? Problems.Rule("nothing-changed", "Give a new value or a new expected close date.")
            : Problems.None;
    }

    /// <summary>Revise an opportunity's value or expected close date.</summary>
    /// <remarks>Appends <c>OpportunityRevised</c> with the values before and after.</remarks>
    [WolverinePost("/api/opportunities/{opportunityId}/revisions", OperationId = "ReviseOpportunity")]
    [Tags("Sales")]
    public static Events Post(ReviseOpportunity command, [WriteAggregate] Opportunity opportunity, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new OpportunityRevised(opportunity.AccountId, opportunity.Id, command.Value ?? opportunity.Value, command.ExpectedCloseOn ?? opportunity.ExpectedCloseOn,
            opportunity.Value, opportunity.ExpectedCloseOn, command.Reason.Trim(), command.When(now), user.Actor()),
    ];
}
