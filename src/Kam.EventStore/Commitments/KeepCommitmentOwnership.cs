using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// At a handover, record that an open commitment explicitly stays with its current owner rather than passing to the
/// incoming KAM. Each open commitment of the outgoing KAM is either reassigned or kept this way.
/// </summary>
public sealed record KeepCommitmentOwnership : ICommitmentChange
{
    /// <summary>Why it stays.</summary>
    /// <example>Anna stays the customer's contact for the pricing project</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class KeepCommitmentOwnershipEndpoint
{
    public static ProblemDetails Validate(
        KeepCommitmentOwnership command, Commitment commitment, IEventStream<Commitment> stream, HttpContext context) =>
        CommitmentRules.Check(command, new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), commitment,
            stream.StartingVersion, context);

    /// <summary>Keep a commitment with its current owner at a handover.</summary>
    /// <remarks>Appends <c>CommitmentOwnershipKept</c>; the owner needs no new acknowledgement.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/ownership-kept", OperationId = "KeepCommitmentOwnership")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        KeepCommitmentOwnership command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user,
        TimeProvider clock) =>
        (stream.Written(commitment.Status),
        [new CommitmentOwnershipKept(commitment.AccountId, commitment.Id, commitment.Owner, command.Reason.Trim(), clock.GetUtcNow(), user.Actor())]);
}
