using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>
/// Revise the plan, with a reason: the whole new version (objectives, strategy statements, actions). An item given with the id
/// it had keeps its identity (and the comparison of versions shows what changed in it); an item left out is removed; an item
/// without an id is new. The earlier version stays as it was.
/// </summary>
public sealed record ReviseAccountPlan : PlanChange
{
    /// <summary>The new title; the current one when omitted.</summary>
    public string? Title { get; init; }

    /// <summary>Every objective of the new version (at least one).</summary>
    /// <example>[{"objectiveId": "0196f1d0-4e00-7000-8000-000000000011", "description": "Grow our share of the customer's coated board purchases", "metric": "Share of wallet, coated board", "unit": "%", "baseline": 20, "target": 35, "dueOn": "2027-12-31", "whose": "Joint"}]</example>
    public IReadOnlyList<PlanObjectiveInput>? Objectives { get; init; }

    /// <summary>Every strategy statement of the new version.</summary>
    /// <example>["Move the relationship from procurement to the mill's production management"]</example>
    public IReadOnlyList<string>? Strategies { get; init; }

    /// <summary>Every planned action of the new version.</summary>
    /// <example>[{"actionId": "0196f1d0-4e00-7000-8000-000000000021", "description": "Quarterly business reviews with the head of procurement", "ownerPersonId": "anna.virtanen@example.com", "dueOn": "2026-12-31", "objectiveId": "0196f1d0-4e00-7000-8000-000000000011"}, {"actionId": "0196f1d0-4e00-7000-8000-000000000022", "description": "Visit the Kuusankoski mill with our product developers", "ownerPersonId": "anna.virtanen@example.com", "dueOn": "2027-03-31", "objectiveId": "0196f1d0-4e00-7000-8000-000000000011"}]</example>
    public IReadOnlyList<PlanActionInput>? Actions { get; init; }

    /// <summary>Why the plan was revised.</summary>
    /// <example>The customer's board raised its sourcing ambition with us</example>
    public string Reason { get; init; } = "";
}

public static class ReviseAccountPlanEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        ReviseAccountPlan command, AccountPlan plan, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = PlanContentRules.Check(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText),
            command.Title ?? plan.Content.Title, command.Objectives, command.Strategies, command.Actions, plan.PeriodFrom, plan.PeriodTo);
        var dated = PlanRules.Dated(errors, command, plan, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (Content(command, plan, now).SameAs(plan.Content))
        {
            return Problems.Rule("nothing-changed", $"The revision says exactly what version {plan.PlanVersion} says.");
        }

        return await PeopleDirectory.Known(session, "actions", (command.Actions ?? []).Select(a => a.OwnerPersonId), command.On(now), cancellation);
    }

    /// <summary>Revise an account plan.</summary>
    /// <remarks>
    /// Appends <c>AccountPlanRevised</c> with the next version number and the whole new version, dated <c>occurredAt</c> (default
    /// now). The plan is a draft again until its manager signs the new version off; earlier versions, agreements and sign-offs stay.
    /// </remarks>
    [WolverinePost("/api/plans/{planId}/revisions", OperationId = "ReviseAccountPlan")]
    [Tags("Account plans")]
    public static Events Post(ReviseAccountPlan command, [WriteAggregate("planId")] AccountPlan plan, DateTimeOffset now, ClaimsPrincipal user) =>
        [new AccountPlanRevised(plan.AccountId, plan.Id, plan.PlanVersion + 1, command.Reason.Trim(), Content(command, plan, now), command.When(now), user.Actor())];

    private static PlanContent Content(ReviseAccountPlan command, AccountPlan plan, DateTimeOffset now) =>
        PlanContentRules.Content(command.Title ?? plan.Content.Title, command.Objectives!, command.Strategies, command.Actions, now);
}
