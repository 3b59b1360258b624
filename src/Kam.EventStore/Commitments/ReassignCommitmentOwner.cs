using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Give an open commitment a new owner (e.g. the incoming KAM at a handover); they then acknowledge it.</summary>
public sealed record ReassignCommitmentOwner : CommitmentChange
{
    /// <summary>The new owner (person id).</summary>
    /// <example>ben.lindqvist@example.com</example>
    public string Owner { get; init; } = "";

    /// <summary>Why.</summary>
    /// <example>Account handed over to Ben</example>
    public string Reason { get; init; } = "";
}

public static class ReassignCommitmentOwnerEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        ReassignCommitmentOwner command, Commitment commitment, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors().PersonId("owner", command.Owner, required: true).Required("reason", command.Reason, FieldErrors.LongText);
        var dated = CommitmentRules.Dated(errors, command, commitment, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return PersonIds.Normalize(command.Owner) == commitment.Owner
            ? Problems.Rule("owner-unchanged", $"{commitment.Owner} already owns the commitment.")
            : await PeopleDirectory.Known(session, "owner", [command.Owner], command.On(now), cancellation);
    }

    /// <summary>Reassign a commitment's owner.</summary>
    /// <remarks>
    /// Appends <c>CommitmentOwnerReassigned</c>, dated <c>occurredAt</c> (default now: at a handover recorded afterwards, the
    /// handover's date); the new owner has yet to acknowledge it.
    /// </remarks>
    [WolverinePost("/api/commitments/{commitmentId}/owner-reassignments", OperationId = "ReassignCommitmentOwner")]
    [Tags("Commitments")]
    public static Events Post(ReassignCommitmentOwner command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new CommitmentOwnerReassigned(commitment.AccountId, commitment.Id, commitment.Owner, PersonIds.Normalize(command.Owner), command.Reason.Trim(),
                command.When(now), user.Actor()),
        ];
}
