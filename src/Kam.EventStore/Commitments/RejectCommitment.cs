using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Reject a commitment pending approval: it never comes into force. The caller rejects it; not its maker.</summary>
public sealed record RejectCommitment : CommitmentChange
{
    /// <summary>Why it was rejected.</summary>
    /// <example>Discount above the 2027 pricing policy</example>
    public string Reason { get; init; } = "";
}

public static class RejectCommitmentEndpoint
{
    public static ProblemDetails Validate(RejectCommitment command, Commitment commitment, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = CommitmentRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, commitment, now);
        if (Problems.Found(dated))
        {
            return dated;
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
    /// <remarks>Appends <c>CommitmentRejected</c>, dated <c>occurredAt</c> (default now); the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/rejection", OperationId = "RejectCommitment")]
    [Tags("Commitments")]
    public static Events Post(RejectCommitment command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [new CommitmentRejected(commitment.AccountId, commitment.Id, PersonIds.Normalize(user.Actor()), command.Reason.Trim(), command.When(now), user.Actor())];
}
