using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>The owner acknowledges an inherited commitment: they know what was promised and answer for it now.</summary>
public sealed record AcknowledgeCommitmentOwnership : CommitmentChange;

public static class AcknowledgeCommitmentOwnershipEndpoint
{
    public static ProblemDetails Validate(AcknowledgeCommitmentOwnership command, Commitment commitment, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = CommitmentRules.Dated(new FieldErrors(), command, commitment, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (PersonIds.Normalize(user.Actor()) != commitment.Owner)
        {
            return Problems.Rule("not-the-owner", $"Only the owner, {commitment.Owner}, acknowledges the commitment.");
        }

        return commitment.OwnershipAcknowledged
            ? Problems.Conflict("already-acknowledged", "The owner has already acknowledged the commitment.")
            : Problems.None;
    }

    /// <summary>Acknowledge ownership of an inherited commitment (the caller must be its owner).</summary>
    /// <remarks>Appends <c>CommitmentOwnershipAcknowledged</c>, dated <c>occurredAt</c> (default now; not before the reassignment).</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/ownership-acknowledgement", OperationId = "AcknowledgeCommitmentOwnership")]
    [Tags("Commitments")]
    public static Events Post(AcknowledgeCommitmentOwnership command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [new CommitmentOwnershipAcknowledged(commitment.AccountId, commitment.Id, commitment.Owner, command.When(now), user.Actor())];
}
