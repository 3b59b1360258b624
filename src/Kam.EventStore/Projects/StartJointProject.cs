using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Kam.EventStore.Plans;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>Start a joint development project with the customer.</summary>
public sealed record StartJointProject
{
    /// <summary>Optional client-chosen project id; generated when omitted.</summary>
    /// <example>0196f1d1-5f00-7000-8000-000000000001</example>
    public Guid? ProjectId { get; init; }

    /// <summary>The project's name.</summary>
    /// <example>Recycled-fibre coated board pilot</example>
    public string Name { get; init; } = "";

    /// <summary>What it sets out to achieve.</summary>
    /// <example>Qualify a coated board grade with 40% recycled fibre on the customer's line</example>
    public string Goal { get; init; } = "";

    /// <summary>The account plan whose objective it serves, if any (a plan of this account).</summary>
    /// <example>0196f1d0-4e00-7000-8000-000000000001</example>
    public Guid? PlanId { get; init; }

    /// <summary>The plan objective it serves (an objective of the plan's latest version); needs <c>planId</c>.</summary>
    /// <example>0196f1d0-4e00-7000-8000-000000000011</example>
    public Guid? ObjectiveId { get; init; }

    /// <summary>The customer's sponsor: a stakeholder of this account on the start date.</summary>
    /// <example>0196f1c5-0a00-7000-8000-000000000001</example>
    public Guid? SponsorStakeholderId { get; init; }

    /// <summary>Our project lead (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string LeadPersonId { get; init; } = "";

    /// <summary>Our people on the project, with their roles.</summary>
    /// <example>[{"personId": "anna.virtanen@example.com", "role": "Project lead"}]</example>
    public IReadOnlyList<OurMemberInput>? OurMembers { get; init; }

    /// <summary>The customer's people on the project (stakeholders of this account on the start date), with their roles.</summary>
    /// <example>[{"stakeholderId": "0196f1c5-0a00-7000-8000-000000000001", "role": "Sponsor"}]</example>
    public IReadOnlyList<TheirMemberInput>? TheirMembers { get; init; }

    /// <summary>The budget (amount and ISO currency).</summary>
    public Money? Budget { get; init; }

    /// <summary>The milestones (at least one), each due on or after the start.</summary>
    /// <example>[{"milestoneId": "0196f1d1-5f00-7000-8000-000000000011", "name": "Trial run on the customer's line", "dueOn": "2027-06-30"}]</example>
    public IReadOnlyList<MilestoneInput>? Milestones { get; init; }

    /// <summary>The business date it started; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    public DateOnly? StartedOn { get; init; }

    /// <summary>When it started, if the time of day matters; must fall on <c>startedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>One of our people on a project.</summary>
public sealed record OurMemberInput
{
    /// <summary>The person (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string PersonId { get; init; } = "";

    /// <summary>Their role on the project.</summary>
    /// <example>Project lead</example>
    public string Role { get; init; } = "";
}

/// <summary>One of the customer's people on a project.</summary>
public sealed record TheirMemberInput
{
    /// <summary>The stakeholder (of this account).</summary>
    /// <example>0196f1c5-0a00-7000-8000-000000000001</example>
    public Guid? StakeholderId { get; init; }

    /// <summary>Their role on the project.</summary>
    /// <example>Sponsor</example>
    public string Role { get; init; } = "";
}

/// <summary>A milestone as planned at the start.</summary>
public sealed record MilestoneInput
{
    /// <summary>Optional client-chosen milestone id; generated when omitted.</summary>
    /// <example>0196f1d1-5f00-7000-8000-000000000011</example>
    public Guid? MilestoneId { get; init; }

    /// <summary>What it marks.</summary>
    /// <example>Trial run on the customer's line</example>
    public string Name { get; init; } = "";

    /// <summary>When it is due; not before the start.</summary>
    /// <example>2027-06-30</example>
    public DateOnly? DueOn { get; init; }
}

/// <summary>What starting a project answers (201, with the project's address).</summary>
/// <param name="ProjectId">The new project.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Version">The project stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the start is dated now.</param>
public sealed record ProjectCreated(Guid ProjectId, Guid AccountId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/projects/{ProjectId}");

/// <summary>What a new project is decided against: the account, its roles, and the plan it serves.</summary>
public sealed record ProjectContext(KeyAccount? Account, AccountRoles? Roles, AccountPlan? Plan);

public static class StartJointProjectEndpoint
{
    public const int MaxItems = 50;

    public static async Task<ProjectContext> LoadAsync(StartJointProject command, Guid accountId, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<KeyAccount>(accountId);
        var roles = batch.Load<AccountRoles>(accountId);
        var plan = command.PlanId is { } planId ? batch.Load<AccountPlan>(planId) : Task.FromResult<AccountPlan?>(null);
        await batch.Execute(cancellation);
        return new ProjectContext(await account, await roles, await plan);
    }

    public static async Task<ProblemDetails> ValidateAsync(
        StartJointProject command, Guid accountId, ProjectContext context, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var startedOn = BusinessTime.DateOf(command.OccurredAt, command.StartedOn, now);
        var errors = Check(command, startedOn);
        var dated = SeriesDates.Check(errors, command.OccurredAt, "startedOn", command.StartedOn, null, "", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (context.Account is not { } account || context.Roles is not { } roles)
        {
            return Problems.NotFound("Key account", accountId);
        }

        if (account.DesignationEnded)
        {
            return Problems.Conflict("designation-ended", $"Key account {accountId} is no longer a key account; its history is closed.");
        }

        var field = command.StartedOn is null ? "occurredAt" : "startedOn";
        var before = AccountChangeRules.NotBeforeDesignation(field, startedOn, account.DesignatedOn);
        if (Problems.Found(before))
        {
            return before;
        }

        if (command.PlanId is { } planId && (context.Plan is not { } plan || plan.AccountId != accountId))
        {
            return Problems.Rule("unknown-plan", $"planId: {planId} is not an account plan of this account.");
        }

        if (command.ObjectiveId is { } objectiveId && context.Plan!.Content.Objective(objectiveId) is null)
        {
            return Problems.Rule("unknown-objective", $"objectiveId: {objectiveId} is not an objective of the plan's latest version.");
        }

        if (command.ProjectId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-project", $"Project {id} already exists.");
        }

        return Problems.FirstOf(
            StakeholderChecks.OnDate(roles, "sponsorStakeholderId", [command.SponsorStakeholderId!.Value], startedOn),
            StakeholderChecks.OnDate(roles, "theirMembers", (command.TheirMembers ?? []).Select(m => m.StakeholderId!.Value), startedOn),
            await PeopleDirectory.Known(session, "leadPersonId", [command.LeadPersonId], startedOn, cancellation),
            await PeopleDirectory.Known(session, "ourMembers", (command.OurMembers ?? []).Select(m => m.PersonId), startedOn, cancellation));
    }

    private static FieldErrors Check(StartJointProject command, DateOnly startedOn)
    {
        var errors = new FieldErrors()
            .Required("name", command.Name)
            .Required("goal", command.Goal, FieldErrors.LongText)
            .Present("sponsorStakeholderId", command.SponsorStakeholderId)
            .PersonId("leadPersonId", command.LeadPersonId, required: true)
            .Money("budget", command.Budget, required: true);
        if (command.ProjectId == Guid.Empty)
        {
            errors.Add("projectId", "Must not be the empty id.");
        }

        if (command.ObjectiveId is not null && command.PlanId is null)
        {
            errors.Add("planId", "Required with objectiveId: the plan the objective belongs to.");
        }

        if (command.OurMembers?.Count > MaxItems || command.TheirMembers?.Count > MaxItems || command.Milestones?.Count > MaxItems)
        {
            errors.Add("milestones", $"At most {MaxItems} milestones, and {MaxItems} members on each side.");
        }

        for (var i = 0; i < (command.OurMembers?.Count ?? 0); i++)
        {
            errors.PersonId($"ourMembers[{i}].personId", command.OurMembers![i].PersonId, required: true).Required($"ourMembers[{i}].role", command.OurMembers[i].Role);
        }

        for (var i = 0; i < (command.TheirMembers?.Count ?? 0); i++)
        {
            errors.Present($"theirMembers[{i}].stakeholderId", command.TheirMembers![i].StakeholderId).Required($"theirMembers[{i}].role", command.TheirMembers[i].Role);
        }

        if (command.Milestones is null || command.Milestones.Count == 0)
        {
            errors.Add("milestones", "Required: at least one milestone.");
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < (command.Milestones?.Count ?? 0); i++)
        {
            var m = command.Milestones![i];
            errors.Required($"milestones[{i}].name", m.Name).Present($"milestones[{i}].dueOn", m.DueOn);
            if (m.DueOn < startedOn)
            {
                errors.Add($"milestones[{i}].dueOn", $"Must not be before the project starts ({startedOn:yyyy-MM-dd}).");
            }

            if (m.MilestoneId is { } id && (id == Guid.Empty || !ids.Add(id)))
            {
                errors.Add($"milestones[{i}].milestoneId", "Must not be the empty id, nor given twice.");
            }
        }

        return errors;
    }

    /// <summary>Start a joint development project.</summary>
    /// <remarks>
    /// Appends <c>JointProjectStarted</c> to a new project stream: name, goal, the customer's sponsor, our lead, members from both
    /// sides, the budget and the milestones with their dates, optionally serving an objective of an account plan of this account.
    /// Answers 201 with the project's address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/projects", OperationId = "StartJointProject")]
    [Tags("Joint projects")]
    public static (ProjectCreated, IStartStream) Post(StartJointProject command, Guid accountId, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.ProjectId ?? Guid.CreateVersion7(now);
        var startedOn = BusinessTime.DateOf(command.OccurredAt, command.StartedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, startedOn, now);
        var started = new JointProjectStarted(
            accountId, id, command.Name.Trim(), command.Goal.Trim(), command.PlanId, command.ObjectiveId, command.SponsorStakeholderId!.Value,
            PersonIds.Normalize(command.LeadPersonId),
            [.. (command.OurMembers ?? []).Select(m => new OurProjectMember(PersonIds.Normalize(m.PersonId), m.Role.Trim()))],
            [.. (command.TheirMembers ?? []).Select(m => new TheirProjectMember(m.StakeholderId!.Value, m.Role.Trim()))],
            command.Budget!,
            [.. command.Milestones!.Select(m => new PlannedMilestone(m.MilestoneId ?? Guid.CreateVersion7(now), m.Name.Trim(), m.DueOn!.Value))],
            startedOn, occurredAt, user.Actor());
        return (new ProjectCreated(id, accountId, 1, occurredAt, occurredAt == now), MartenOps.StartStream<Project>(id, started));
    }
}
