using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// At a handover, record that an open commitment explicitly stays with its current owner rather than passing to the
/// incoming KAM. Each open commitment of the outgoing KAM is either reassigned or kept this way.
/// </summary>
public sealed record KeepCommitmentOwnership : CommitmentChange
{
    /// <summary>Why it stays.</summary>
    /// <example>Anna stays the customer's contact for the pricing project</example>
    public string Reason { get; init; } = "";
}

public static class KeepCommitmentOwnershipEndpoint
{
    public static ProblemDetails Validate(KeepCommitmentOwnership command, Commitment commitment, DateTimeOffset now) =>
        CommitmentRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, commitment, now);

    /// <summary>Keep a commitment with its current owner at a handover.</summary>
    /// <remarks>Appends <c>CommitmentOwnershipKept</c>, dated <c>occurredAt</c> (default now); the owner needs no new acknowledgement.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/ownership-kept", OperationId = "KeepCommitmentOwnership")]
    [Tags("Commitments")]
    public static Events Post(KeepCommitmentOwnership command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [new CommitmentOwnershipKept(commitment.AccountId, commitment.Id, commitment.Owner, command.Reason.Trim(), command.When(now), user.Actor())];
}
