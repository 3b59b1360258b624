using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>Record that a planned action of the plan's latest version was done.</summary>
public sealed record CompletePlanAction : PlanChange
{
    /// <summary>The business date it was done; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? CompletedOn { get; init; }

    /// <summary>An optional note: what came of it.</summary>
    /// <example>First quarterly review held with the head of procurement</example>
    public string? Note { get; init; }
}

public static class CompletePlanActionEndpoint
{
    public static ProblemDetails Validate(CompletePlanAction command, Guid actionId, AccountPlan plan, DateTimeOffset now) =>
        Problems.FirstOf(
            PlanRules.Dated(new FieldErrors().Optional("note", command.Note, FieldErrors.LongText), command, plan, now, "completedOn", command.CompletedOn),
            PlanActionRules.Open(plan, actionId));

    /// <summary>Record a planned action done.</summary>
    /// <remarks>Appends <c>PlanActionCompleted</c>; the action then takes no further outcome.</remarks>
    [WolverinePost("/api/plans/{planId}/actions/{actionId}/completion", OperationId = "CompletePlanAction")]
    [Tags("Account plans")]
    public static Events Post(CompletePlanAction command, Guid actionId, [WriteAggregate("planId")] AccountPlan plan, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new PlanActionCompleted(plan.AccountId, plan.Id, actionId, command.On(now, command.CompletedOn), command.Note?.Trim(),
                command.When(now, command.CompletedOn), user.Actor()),
        ];
}

/// <summary>The rules of an action's outcome.</summary>
public static class PlanActionRules
{
    /// <summary>404 unless the latest version has the action; 409 <c>action-closed</c> once it was done or dropped.</summary>
    public static ProblemDetails Open(AccountPlan plan, Guid actionId)
    {
        if (plan.Content.Action(actionId) is null)
        {
            return Problems.NotFound("Action of the plan's latest version", actionId);
        }

        return plan.OutcomeOf(actionId) is { } outcome
            ? Problems.Conflict("action-closed", $"The action was already {outcome.Status.ToString().ToLowerInvariant()} on {outcome.On:yyyy-MM-dd}.")
            : Problems.None;
    }
}
