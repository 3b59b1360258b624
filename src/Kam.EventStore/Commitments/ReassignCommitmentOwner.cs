using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Give an open commitment a new owner (e.g. the incoming KAM at a handover); they then acknowledge it.</summary>
public sealed record ReassignCommitmentOwner : ICommitmentChange
{
    /// <summary>The new owner (person id).</summary>
    /// <example>ben.lindqvist@example.com</example>
    public string Owner { get; init; } = "";

    /// <summary>Why.</summary>
    /// <example>Account handed over to Ben</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class ReassignCommitmentOwnerEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        ReassignCommitmentOwner command, Commitment commitment, IEventStream<Commitment> stream, HttpContext context, IQuerySession session,
        TimeProvider clock, CancellationToken cancellation)
    {
        var errors = new FieldErrors().PersonId("owner", command.Owner, required: true).Required("reason", command.Reason, FieldErrors.LongText);
        var problem = CommitmentRules.Check(command, errors, commitment, stream.StartingVersion, context);
        if (Problems.Found(problem))
        {
            return problem;
        }

        return PersonIds.Normalize(command.Owner) == commitment.Owner
            ? Problems.Rule("owner-unchanged", $"{commitment.Owner} already owns the commitment.")
            : await PeopleDirectory.Known(session, "owner", [command.Owner], clock.Today(), cancellation);
    }

    /// <summary>Reassign a commitment's owner.</summary>
    /// <remarks>Appends <c>CommitmentOwnerReassigned</c>; the new owner has yet to acknowledge it.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/owner-reassignments", OperationId = "ReassignCommitmentOwner")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        ReassignCommitmentOwner command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user,
        TimeProvider clock) =>
        (stream.Written(commitment.Status),
        [
            new CommitmentOwnerReassigned(commitment.AccountId, commitment.Id, commitment.Owner, PersonIds.Normalize(command.Owner), command.Reason.Trim(),
                clock.GetUtcNow(), user.Actor()),
        ]);
}
