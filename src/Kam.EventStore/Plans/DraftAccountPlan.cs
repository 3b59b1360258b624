using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>Draft an account plan for a period: version 1 of its objectives, strategy and actions.</summary>
public sealed record DraftAccountPlan
{
    /// <summary>Optional client-chosen plan id; generated when omitted.</summary>
    /// <example>0196f1d0-4e00-7000-8000-000000000001</example>
    public Guid? PlanId { get; init; }

    /// <summary>The plan's title.</summary>
    /// <example>Nordic Paper 2026-2027: from supplier to partner</example>
    public string Title { get; init; } = "";

    /// <summary>First day of the period the plan covers.</summary>
    /// <example>2026-01-01</example>
    public DateOnly? PeriodFrom { get; init; }

    /// <summary>Last day of the period the plan covers (at most five years after its first).</summary>
    /// <example>2027-12-31</example>
    public DateOnly? PeriodTo { get; init; }

    /// <summary>Who drafted it: one of our people (person id), usually the KAM. The author never signs it off.</summary>
    /// <example>anna.virtanen@example.com</example>
    public string AuthorPersonId { get; init; } = "";

    /// <summary>The measurable objectives (at least one): metric, baseline, target, due date within the period, and whose.</summary>
    /// <example>[{"objectiveId": "0196f1d0-4e00-7000-8000-000000000011", "description": "Grow our share of the customer's coated board purchases", "metric": "Share of wallet, coated board", "unit": "%", "baseline": 20, "target": 30, "dueOn": "2027-12-31", "whose": "Joint"}]</example>
    public IReadOnlyList<PlanObjectiveInput>? Objectives { get; init; }

    /// <summary>Strategy statements: how the objectives are to be reached.</summary>
    /// <example>["Move the relationship from procurement to the mill's production management", "Offer joint development of recycled-fibre grades"]</example>
    public IReadOnlyList<string>? Strategies { get; init; }

    /// <summary>Planned actions, each with an owner of ours and a due date within the period.</summary>
    /// <example>[{"actionId": "0196f1d0-4e00-7000-8000-000000000021", "description": "Quarterly business reviews with the head of procurement", "ownerPersonId": "anna.virtanen@example.com", "dueOn": "2026-12-31", "objectiveId": "0196f1d0-4e00-7000-8000-000000000011"}]</example>
    public IReadOnlyList<PlanActionInput>? Actions { get; init; }

    /// <summary>The business date it was drafted; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? DraftedOn { get; init; }

    /// <summary>When it was drafted, if the time of day matters; must fall on <c>draftedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What drafting a plan answers (201, with the plan's address).</summary>
/// <param name="PlanId">The new plan.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="PlanVersion">Its version (1).</param>
/// <param name="Version">The plan stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the plan is dated now.</param>
public sealed record PlanCreated(Guid PlanId, Guid AccountId, int PlanVersion, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/plans/{PlanId}");

public static class DraftAccountPlanEndpoint
{
    /// <summary>The longest period a plan covers.</summary>
    public const int MaxYears = 5;

    public static Task<KeyAccount?> LoadAsync(Guid accountId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<KeyAccount>(accountId, cancellation);

    public static async Task<ProblemDetails> ValidateAsync(
        DraftAccountPlan command, Guid accountId, KeyAccount? account, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors().PersonId("authorPersonId", command.AuthorPersonId, required: true).Present("periodFrom", command.PeriodFrom)
            .Present("periodTo", command.PeriodTo);
        if (command.PeriodFrom is { } from && command.PeriodTo is { } to && (to < from || to > from.AddYears(MaxYears)))
        {
            errors.Add("periodTo", $"Must not be before periodFrom, nor more than {MaxYears} years after it.");
        }

        if (command.PlanId == Guid.Empty)
        {
            errors.Add("planId", "Must not be the empty id.");
        }

        PlanContentRules.Check(errors, command.Title, command.Objectives, command.Strategies, command.Actions, command.PeriodFrom ?? DateOnly.MinValue,
            command.PeriodTo ?? DateOnly.MaxValue);

        var dated = SeriesDates.Check(errors, command.OccurredAt, "draftedOn", command.DraftedOn, null, "", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (account is null)
        {
            return Problems.NotFound("Key account", accountId);
        }

        if (account.DesignationEnded)
        {
            return Problems.Conflict("designation-ended", $"Key account {accountId} is no longer a key account; its history is closed.");
        }

        var draftedOn = BusinessTime.DateOf(command.OccurredAt, command.DraftedOn, now);
        var before = AccountChangeRules.NotBeforeDesignation(command.DraftedOn is null ? "occurredAt" : "draftedOn", draftedOn, account.DesignatedOn);
        if (Problems.Found(before))
        {
            return before;
        }

        if (command.PlanId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-plan", $"Account plan {id} already exists.");
        }

        return Problems.FirstOf(
            await PeopleDirectory.Known(session, "authorPersonId", [command.AuthorPersonId], draftedOn, cancellation),
            await PeopleDirectory.Known(session, "actions", (command.Actions ?? []).Select(a => a.OwnerPersonId), draftedOn, cancellation));
    }

    /// <summary>Draft an account plan.</summary>
    /// <remarks>
    /// Appends <c>AccountPlanDrafted</c> to a new plan stream: version 1 of the plan, for the period given. Every objective is
    /// measurable (metric, baseline, target, a due date within the period) and says whose it is; every action has an owner of ours
    /// and a due date within the period. Answers 201 with the plan's address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/plans", OperationId = "DraftAccountPlan")]
    [Tags("Account plans")]
    public static (PlanCreated, IStartStream) Post(DraftAccountPlan command, Guid accountId, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.PlanId ?? Guid.CreateVersion7(now);
        var draftedOn = BusinessTime.DateOf(command.OccurredAt, command.DraftedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, draftedOn, now);
        var content = PlanContentRules.Content(command.Title, command.Objectives!, command.Strategies, command.Actions, now);
        var drafted = new AccountPlanDrafted(accountId, id, PersonIds.Normalize(command.AuthorPersonId), command.PeriodFrom!.Value, command.PeriodTo!.Value,
            content, draftedOn, occurredAt, user.Actor());
        return (new PlanCreated(id, accountId, 1, 1, occurredAt, occurredAt == now), MartenOps.StartStream<AccountPlan>(id, drafted));
    }
}
