using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>Close the plan: its period is over, or a new plan replaces it. It then takes no further change.</summary>
public sealed record CloseAccountPlan : PlanChange
{
    /// <summary>The business date it was closed; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? ClosedOn { get; init; }

    /// <summary>Why it was closed.</summary>
    /// <example>Replaced by the 2028-2029 plan</example>
    public string Reason { get; init; } = "";
}

public static class CloseAccountPlanEndpoint
{
    public static ProblemDetails Validate(CloseAccountPlan command, AccountPlan plan, DateTimeOffset now) =>
        PlanRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, plan, now, "closedOn", command.ClosedOn);

    /// <summary>Close an account plan.</summary>
    /// <remarks>Appends <c>AccountPlanClosed</c>; afterwards every change to the plan is 409 <c>plan-closed</c>.</remarks>
    [WolverinePost("/api/plans/{planId}/closure", OperationId = "CloseAccountPlan")]
    [Tags("Account plans")]
    public static Events Post(CloseAccountPlan command, [WriteAggregate("planId")] AccountPlan plan, DateTimeOffset now, ClaimsPrincipal user) =>
        [new AccountPlanClosed(plan.AccountId, plan.Id, command.On(now, command.ClosedOn), command.Reason.Trim(), command.When(now, command.ClosedOn), user.Actor())];
}
