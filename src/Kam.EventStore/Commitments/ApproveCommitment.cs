using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// Approve a commitment that is pending approval. The approver is the caller, identified by their person id; their
/// own authority in force today must cover the commitment, and nobody approves their own commitment.
/// </summary>
public sealed record ApproveCommitment : CommitmentChange
{
    /// <summary>Optional note on the approval.</summary>
    public string? Note { get; init; }
}

public static class ApproveCommitmentEndpoint
{
    public static Task<Person?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        PersonIds.IsWellFormed(user.Actor()) ? session.LoadAsync<Person>(PersonIds.StreamId(user.Actor()), cancellation) : Task.FromResult<Person?>(null);

    public static ProblemDetails Validate(ApproveCommitment command, Commitment commitment, Person? approver, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = CommitmentRules.Dated(new FieldErrors().Optional("note", command.Note, FieldErrors.LongText), command, commitment, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (commitment.Status != CommitmentStatus.PendingApproval)
        {
            return Problems.Conflict("not-pending-approval", $"The commitment is {commitment.Status}, not pending approval.");
        }

        return AuthorityChecks.Approval(approver, user.Actor(), commitment.MadeBy, command.On(now), commitment.Kind, commitment.Value,
            commitment.DiscountPercent, out _);
    }

    /// <summary>Approve a commitment pending approval.</summary>
    /// <remarks>
    /// Appends <c>CommitmentApproved</c> with the approver's authority check on the approval's date (<c>occurredAt</c>, default
    /// now); the commitment is in force from then.
    /// </remarks>
    [WolverinePost("/api/commitments/{commitmentId}/approval", OperationId = "ApproveCommitment")]
    [Tags("Commitments")]
    public static Events Post(ApproveCommitment command, [WriteCommitment] Commitment commitment, Person? approver, DateTimeOffset now, ClaimsPrincipal user)
    {
        AuthorityChecks.Approval(approver, user.Actor(), commitment.MadeBy, command.On(now), commitment.Kind, commitment.Value, commitment.DiscountPercent,
            out var check);
        return [new CommitmentApproved(commitment.AccountId, commitment.Id, approver!.PersonId, check!, command.Note?.Trim(), command.When(now), user.Actor())];
    }
}
