using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>Record progress on an objective of the plan's latest version: the metric's value on a date.</summary>
public sealed record MeasureObjectiveProgress : PlanChange
{
    /// <summary>The metric's value, in the objective's unit.</summary>
    /// <example>24</example>
    public decimal? Value { get; init; }

    /// <summary>The business date it was measured; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? MeasuredOn { get; init; }

    /// <summary>An optional note: the source of the figure.</summary>
    /// <example>Customer's purchasing report, third quarter</example>
    public string? Note { get; init; }
}

public static class MeasureObjectiveProgressEndpoint
{
    public static ProblemDetails Validate(MeasureObjectiveProgress command, Guid objectiveId, AccountPlan plan, DateTimeOffset now)
    {
        var errors = new FieldErrors().Present("value", command.Value).Optional("note", command.Note, FieldErrors.LongText);
        return Problems.FirstOf(
            PlanRules.Dated(errors, command, plan, now, "measuredOn", command.MeasuredOn),
            plan.Content.Objective(objectiveId) is null ? Problems.NotFound("Objective of the plan's latest version", objectiveId) : Problems.None);
    }

    /// <summary>Record progress on an objective.</summary>
    /// <remarks>Appends <c>PlanObjectiveProgressMeasured</c>. Progress reads count from the objective's baseline towards its target in force.</remarks>
    [WolverinePost("/api/plans/{planId}/objectives/{objectiveId}/progress", OperationId = "MeasureObjectiveProgress")]
    [Tags("Account plans")]
    public static Events Post(
        MeasureObjectiveProgress command, Guid objectiveId, [WriteAggregate("planId")] AccountPlan plan, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new PlanObjectiveProgressMeasured(plan.AccountId, plan.Id, objectiveId, command.Value!.Value, command.On(now, command.MeasuredOn),
                command.Note?.Trim(), command.When(now, command.MeasuredOn), user.Actor()),
        ];
}
