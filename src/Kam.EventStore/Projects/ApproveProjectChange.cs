using System.Security.Claims;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Projects;

/// <summary>
/// Approve a proposed change to a project. The approver is the caller, identified by their person id; their own authority in force on
/// the approval's date must cover the change, with the rule commitments follow, and nobody approves their own proposal.
/// </summary>
public sealed record ApproveProjectChange : ProjectChange
{
    /// <summary>An optional note on the approval.</summary>
    /// <example>Funded from the 2027 development budget</example>
    public string? Note { get; init; }
}

public static class ApproveProjectChangeEndpoint
{
    public static Task<Person?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        PersonIds.IsWellFormed(user.Actor()) ? session.LoadAsync<Person>(PersonIds.StreamId(user.Actor()), cancellation) : Task.FromResult<Person?>(null);

    public static ProblemDetails Validate(
        ApproveProjectChange command, Guid changeRequestId, Project project, Person? approver, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = ProjectRules.Dated(new FieldErrors().Optional("note", command.Note, FieldErrors.LongText), command, project, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var pending = Pending(project, changeRequestId);
        return Problems.Found(pending) ? pending : Check(project, project.ChangeRequestOf(changeRequestId)!, approver, user, command.On(now), out _);
    }

    /// <summary>404 for a change request the project does not have; 409 <c>not-pending</c> once it was decided.</summary>
    public static ProblemDetails Pending(Project project, Guid changeRequestId) => project.ChangeRequestOf(changeRequestId) switch
    {
        null => ProjectRules.Unknown("Change request", changeRequestId),
        { Status: not ChangeRequestStatus.Proposed } decided =>
            Problems.Conflict("not-pending", $"The change request was already {decided.Status.ToString().ToLowerInvariant()} on {decided.DecidedOn:yyyy-MM-dd}."),
        _ => Problems.None,
    };

    // The commitments' approval rule, on the change as the commitment it amounts to (ChangeAuthority); and a schedule change
    // still has a milestone to move.
    private static ProblemDetails Check(Project project, ChangeRequest request, Person? approver, ClaimsPrincipal user, DateOnly on, out AuthorityCheck? check)
    {
        check = null;
        if (request is { Kind: ChangeKind.Schedule, MilestoneId: { } id } && project.MilestoneOf(id) is { ReachedOn: { } reached })
        {
            return Problems.Conflict("milestone-reached", $"The milestone was reached on {reached:yyyy-MM-dd}; it cannot be moved any more.");
        }

        return AuthorityChecks.Approval(approver, user.Actor(), request.ProposedByPersonId, on, ChangeAuthority.KindOf(request.Kind),
            ChangeAuthority.ValueOf(request.Kind, request.NewBudget, project.Budget), null, out check);
    }

    /// <summary>Approve a project change request.</summary>
    /// <remarks>
    /// Appends <c>ProjectChangeApproved</c> with the approver's authority check on the approval's date (<c>occurredAt</c>, default now)
    /// and the commitment kind and value it was checked as. An approved budget change sets the budget; an approved schedule change
    /// re-plans the milestone. 422 <c>approver-lacks-authority</c> beyond the approver's authority, <c>self-approval</c> for the
    /// proposer.
    /// </remarks>
    [WolverinePost("/api/projects/{projectId}/change-requests/{changeRequestId}/approval", OperationId = "ApproveProjectChange")]
    [Tags("Joint projects")]
    public static Events Post(
        ApproveProjectChange command, Guid changeRequestId, [WriteAggregate("projectId")] Project project, Person? approver, DateTimeOffset now, ClaimsPrincipal user)
    {
        var request = project.ChangeRequestOf(changeRequestId)!;
        Check(project, request, approver, user, command.On(now), out var check);
        return
        [
            new ProjectChangeApproved(project.AccountId, project.Id, changeRequestId, approver!.PersonId, ChangeAuthority.KindOf(request.Kind),
                ChangeAuthority.ValueOf(request.Kind, request.NewBudget, project.Budget), check!, command.Note?.Trim(), command.When(now), user.Actor()),
        ];
    }
}
