using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>The owner acknowledges an inherited commitment: they know what was promised and answer for it now.</summary>
public sealed record AcknowledgeCommitmentOwnership : ICommitmentChange
{
    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class AcknowledgeCommitmentOwnershipEndpoint
{
    public static ProblemDetails Validate(
        AcknowledgeCommitmentOwnership command, Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user, HttpContext context)
    {
        var problem = CommitmentRules.Check(command, new FieldErrors(), commitment, stream.StartingVersion, context);
        if (Problems.Found(problem))
        {
            return problem;
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
    /// <remarks>Appends <c>CommitmentOwnershipAcknowledged</c>.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/ownership-acknowledgement", OperationId = "AcknowledgeCommitmentOwnership")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        AcknowledgeCommitmentOwnership command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user,
        TimeProvider clock) =>
        (stream.Written(commitment.Status),
        [new CommitmentOwnershipAcknowledged(commitment.AccountId, commitment.Id, commitment.Owner, clock.GetUtcNow(), user.Actor())]);
}
