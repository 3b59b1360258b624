using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
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
public sealed record ApproveCommitment : ICommitmentChange
{
    /// <summary>Optional note on the approval.</summary>
    public string? Note { get; init; }

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class ApproveCommitmentEndpoint
{
    public static Task<Person?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        PersonIds.IsWellFormed(user.Actor()) ? session.LoadAsync<Person>(PersonIds.StreamId(user.Actor()), cancellation) : Task.FromResult<Person?>(null);

    public static ProblemDetails Validate(
        ApproveCommitment command, Commitment commitment, IEventStream<Commitment> stream, Person? approver, ClaimsPrincipal user,
        HttpContext context, TimeProvider clock)
    {
        var problem = CommitmentRules.Check(command, new FieldErrors().Optional("note", command.Note, FieldErrors.LongText), commitment,
            stream.StartingVersion, context);
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (commitment.Status != CommitmentStatus.PendingApproval)
        {
            return Problems.Conflict("not-pending-approval", $"The commitment is {commitment.Status}, not pending approval.");
        }

        if (approver is null)
        {
            return Problems.Rule("unknown-person", $"The caller '{user.Actor()}' is not in the people directory, so has no authority to approve.");
        }

        if (approver.PersonId == commitment.MadeBy)
        {
            return Problems.Rule("self-approval", "Nobody approves their own commitment.");
        }

        var check = Check(commitment, approver, clock);
        return check.Within
            ? Problems.None
            : Problems.Rule("approver-lacks-authority", $"{approver.PersonId}'s own authority does not cover it: {string.Join(" ", check.Reasons)}");
    }

    /// <summary>Approve a commitment pending approval.</summary>
    /// <remarks>Appends <c>CommitmentApproved</c> with the approver's authority check; the commitment is then in force.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/approval", OperationId = "ApproveCommitment")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        ApproveCommitment command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, Person? approver,
        ClaimsPrincipal user, TimeProvider clock) =>
        (stream.Written(CommitmentStatus.InForce),
        [
            new CommitmentApproved(commitment.AccountId, commitment.Id, approver!.PersonId, Check(commitment, approver, clock), command.Note?.Trim(),
                clock.GetUtcNow(), user.Actor()),
        ]);

    private static AuthorityCheck Check(Commitment commitment, Person approver, TimeProvider clock)
    {
        var today = clock.Today();
        return AuthorityChecks.Check(approver.PersonId, approver.AuthorityOn(today), today, commitment.Kind, commitment.Value, commitment.DiscountPercent);
    }
}
