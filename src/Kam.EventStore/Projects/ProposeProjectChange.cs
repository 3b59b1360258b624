using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>
/// Propose a change to the project's scope, schedule (a milestone's date) or budget. It takes effect only when approved, by someone
/// whose own authority covers it (see <c>approval</c>).
/// </summary>
public sealed record ProposeProjectChange : ProjectChange
{
    /// <summary>Optional client-chosen id of the change request; generated when omitted.</summary>
    /// <example>0196f1d1-5f00-7000-8000-000000000041</example>
    public Guid? ChangeRequestId { get; init; }

    /// <summary>Budget, Schedule or Scope.</summary>
    /// <example>Budget</example>
    public ChangeKind? Kind { get; init; }

    /// <summary>What would change.</summary>
    /// <example>A second trial run on the customer's line</example>
    public string Description { get; init; } = "";

    /// <summary>Why.</summary>
    /// <example>The first run showed curl at high speed; the customer wants a second run after the fix</example>
    public string Reason { get; init; } = "";

    /// <summary>A budget change: the new budget's amount, in the currency of the project's budget.</summary>
    /// <example>300000</example>
    public decimal? NewBudgetAmount { get; init; }

    /// <summary>A schedule change: the milestone to move (not yet reached).</summary>
    public Guid? MilestoneId { get; init; }

    /// <summary>A schedule change: the milestone's new date.</summary>
    public DateOnly? NewDueOn { get; init; }

    /// <summary>Who proposes it: one of our people (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string ProposedByPersonId { get; init; } = "";
}

public static class ProposeProjectChangeEndpoint
{
    /// <summary>Our project lead, whose authority the proposal is routed by.</summary>
    public static async Task<Person?> LoadAsync(Guid projectId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Project>(projectId, cancellation) is { } project
            ? await session.LoadAsync<Person>(PersonIds.StreamId(project.LeadPersonId), cancellation)
            : null;

    public static async Task<ProblemDetails> ValidateAsync(
        ProposeProjectChange command, Project project, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Present("kind", command.Kind).Defined("kind", command.Kind)
            .Required("description", command.Description, FieldErrors.LongText)
            .Required("reason", command.Reason, FieldErrors.LongText)
            .PersonId("proposedByPersonId", command.ProposedByPersonId, required: true);
        if (command.ChangeRequestId == Guid.Empty)
        {
            errors.Add("changeRequestId", "Must not be the empty id.");
        }

        if (command.Kind == ChangeKind.Budget)
        {
            errors.Present("newBudgetAmount", command.NewBudgetAmount);
        }

        if (command.NewBudgetAmount < 0)
        {
            errors.Add("newBudgetAmount", "Must not be negative.");
        }

        if (command.Kind == ChangeKind.Schedule)
        {
            errors.Present("milestoneId", command.MilestoneId).Present("newDueOn", command.NewDueOn);
        }

        if (command.Kind != ChangeKind.Budget && command.NewBudgetAmount is not null)
        {
            errors.Add("newBudgetAmount", "Only for a budget change.");
        }

        if (command.Kind != ChangeKind.Schedule && (command.MilestoneId is not null || command.NewDueOn is not null))
        {
            errors.Add(command.MilestoneId is not null ? "milestoneId" : "newDueOn", "Only for a schedule change.");
        }

        var dated = ProjectRules.Dated(errors, command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (command.ChangeRequestId is { } id && project.ChangeRequestOf(id) is not null)
        {
            return Problems.Conflict("duplicate-change-request", $"Change request {id} already exists.");
        }

        if (command.Kind == ChangeKind.Budget && command.NewBudgetAmount == project.Budget.Amount)
        {
            return Problems.Rule("nothing-changed", $"newBudgetAmount: the budget is already {project.Budget.Amount} {project.Budget.Currency}.");
        }

        if (command.Kind == ChangeKind.Schedule)
        {
            var problem = project.MilestoneOf(command.MilestoneId!.Value) switch
            {
                null => Problems.Rule("unknown-milestone", $"milestoneId: {command.MilestoneId} is not a milestone of this project."),
                { ReachedOn: { } reached } => Problems.Conflict("milestone-reached", $"The milestone was reached on {reached:yyyy-MM-dd}."),
                { PlannedOn: var planned } when planned == command.NewDueOn => Problems.Rule("nothing-changed", $"newDueOn: the milestone is already planned for {planned:yyyy-MM-dd}."),
                _ => Problems.None,
            };
            if (Problems.Found(problem))
            {
                return problem;
            }
        }

        return await PeopleDirectory.Known(session, "proposedByPersonId", [command.ProposedByPersonId], command.On(now), cancellation);
    }

    /// <summary>Propose a change to a project.</summary>
    /// <remarks>
    /// Appends <c>ProjectChangeRequested</c>, with our project lead's authority for the change on that date (a budget increase is
    /// checked as a Resource commitment worth the increase, a schedule change as a DeliveryDate, a scope change as a FeatureOrRoadmap)
    /// and who it is routed to: the lead when within their authority and not their own proposal, else the approver their grant names.
    /// The answer's <c>itemId</c> is the change request.
    /// </remarks>
    [WolverinePost("/api/projects/{projectId}/change-requests", OperationId = "ProposeProjectChange")]
    [Tags("Joint projects")]
    public static Events Post(
        ProposeProjectChange command, [WriteAggregate("projectId")] Project project, Person? lead, DateTimeOffset now, ClaimsPrincipal user)
    {
        var on = command.On(now);
        var kind = command.Kind!.Value;
        var proposer = PersonIds.Normalize(command.ProposedByPersonId);
        var newBudget = command.NewBudgetAmount is { } amount ? new Money(amount, project.Budget.Currency) : null;
        var leadCheck = ChangeAuthority.Check(project.LeadPersonId, lead?.AuthorityOn(on), on, kind, newBudget, project.Budget);
        var routedTo = leadCheck.Within && project.LeadPersonId != proposer ? project.LeadPersonId : leadCheck.Approver;
        return
        [
            new ProjectChangeRequested(project.AccountId, project.Id, command.ChangeRequestId ?? Guid.CreateVersion7(now), kind, command.Description.Trim(),
                command.Reason.Trim(), newBudget, command.MilestoneId, command.NewDueOn, proposer, leadCheck, routedTo, command.When(now), user.Actor()),
        ];
    }
}
