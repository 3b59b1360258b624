using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>Record that a planned action was dropped: it stays in the plan, marked dropped, with the reason.</summary>
public sealed record DropPlanAction : PlanChange
{
    /// <summary>The business date it was dropped; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? DroppedOn { get; init; }

    /// <summary>Why it was dropped.</summary>
    /// <example>The customer moved the reviews into the steering group</example>
    public string Reason { get; init; } = "";
}

public static class DropPlanActionEndpoint
{
    public static ProblemDetails Validate(DropPlanAction command, Guid actionId, AccountPlan plan, DateTimeOffset now) =>
        Problems.FirstOf(
            PlanRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, plan, now, "droppedOn", command.DroppedOn),
            PlanActionRules.Open(plan, actionId));

    /// <summary>Record a planned action dropped.</summary>
    /// <remarks>Appends <c>PlanActionDropped</c>; the action then takes no further outcome.</remarks>
    [WolverinePost("/api/plans/{planId}/actions/{actionId}/dropping", OperationId = "DropPlanAction")]
    [Tags("Account plans")]
    public static Events Post(DropPlanAction command, Guid actionId, [WriteAggregate("planId")] AccountPlan plan, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new PlanActionDropped(plan.AccountId, plan.Id, actionId, command.On(now, command.DroppedOn), command.Reason.Trim(),
                command.When(now, command.DroppedOn), user.Actor()),
        ];
}
