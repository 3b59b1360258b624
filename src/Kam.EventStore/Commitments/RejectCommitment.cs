using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Reject a commitment pending approval: it never comes into force. The caller rejects it; not its maker.</summary>
public sealed record RejectCommitment : ICommitmentChange
{
    /// <summary>Why it was rejected.</summary>
    /// <example>Discount above the 2027 pricing policy</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class RejectCommitmentEndpoint
{
    public static ProblemDetails Validate(
        RejectCommitment command, Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user, HttpContext context)
    {
        var problem = CommitmentRules.Check(command, new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), commitment,
            stream.StartingVersion, context);
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (commitment.Status != CommitmentStatus.PendingApproval)
        {
            return Problems.Conflict("not-pending-approval", $"The commitment is {commitment.Status}, not pending approval.");
        }

        return PersonIds.Normalize(user.Actor()) == commitment.MadeBy
            ? Problems.Rule("self-approval", "The maker withdraws a commitment; rejecting it is for an approver.")
            : Problems.None;
    }

    /// <summary>Reject a commitment pending approval.</summary>
    /// <remarks>Appends <c>CommitmentRejected</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/rejection", OperationId = "RejectCommitment")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        RejectCommitment command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (stream.Written(CommitmentStatus.Rejected),
        [
            new CommitmentRejected(commitment.AccountId, commitment.Id, PersonIds.Normalize(user.Actor()), command.Reason.Trim(), clock.GetUtcNow(), user.Actor()),
        ]);
}
