using System.Security.Claims;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>
/// Record the customer's side of the dialogue: a stakeholder of this account agreed to an objective of the plan's latest version.
/// </summary>
public sealed record AgreePlanObjective : PlanChange
{
    /// <summary>The stakeholder who agreed: a stakeholder of this account who had not left the customer on the agreement's date.</summary>
    /// <example>0196f1c5-0a00-7000-8000-000000000001</example>
    public Guid? StakeholderId { get; init; }

    /// <summary>The business date they agreed; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? AgreedOn { get; init; }

    /// <summary>The recorded interaction they agreed in, when there is one (a standing interaction of this account).</summary>
    public Guid? InteractionId { get; init; }
}

public static class AgreePlanObjectiveEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        AgreePlanObjective command, Guid objectiveId, AccountPlan plan, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors().Present("stakeholderId", command.StakeholderId);
        var dated = PlanRules.Dated(errors, command, plan, now, "agreedOn", command.AgreedOn);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (plan.Content.Objective(objectiveId) is null)
        {
            return Problems.NotFound("Objective of the plan's latest version", objectiveId);
        }

        var stakeholderId = command.StakeholderId!.Value;
        if (plan.Agreements.Any(a => a.ObjectiveId == objectiveId && a.StakeholderId == stakeholderId && a.PlanVersion == plan.PlanVersion))
        {
            return Problems.Conflict("already-agreed", $"Stakeholder {stakeholderId} has already agreed to this objective as version {plan.PlanVersion} states it.");
        }

        var on = command.On(now, command.AgreedOn);
        var roles = await session.LoadAsync<AccountRoles>(plan.AccountId, cancellation);
        var stakeholder = roles is null ? Problems.NotFound("Key account", plan.AccountId) : StakeholderChecks.OnDate(roles, "stakeholderId", [stakeholderId], on);
        if (Problems.Found(stakeholder))
        {
            return stakeholder;
        }

        if (command.InteractionId is not { } interactionId)
        {
            return Problems.None;
        }

        return await session.LoadAsync<Interactions.Interaction>(interactionId, cancellation) is { Retracted: false } interaction
            && interaction.AccountId == plan.AccountId
            ? Problems.None
            : Problems.Rule("unknown-interaction", $"interactionId: {interactionId} is not a standing (unretracted) interaction of this account.");
    }

    /// <summary>Record a stakeholder's agreement to an objective.</summary>
    /// <remarks>
    /// Appends <c>PlanObjectiveAgreed</c>: the stakeholder agreed, on <c>agreedOn</c>, to the objective as the plan's latest version
    /// states it. A later revision that changes the objective leaves the agreement with the version it was given to.
    /// </remarks>
    [WolverinePost("/api/plans/{planId}/objectives/{objectiveId}/agreements", OperationId = "AgreePlanObjective")]
    [Tags("Account plans")]
    public static Events Post(
        AgreePlanObjective command, Guid objectiveId, [WriteAggregate("planId")] AccountPlan plan, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new PlanObjectiveAgreed(plan.AccountId, plan.Id, objectiveId, command.StakeholderId!.Value, plan.PlanVersion, command.InteractionId,
                command.On(now, command.AgreedOn), command.When(now, command.AgreedOn), user.Actor()),
        ];
}
