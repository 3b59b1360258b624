using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Record that the promise was kept.</summary>
public sealed record FulfilCommitment : ICommitmentChange
{
    /// <summary>The business date it was kept; not before it was made, not in the future.</summary>
    public DateOnly? FulfilledOn { get; init; }

    /// <summary>Evidence or a note: delivery note number, the e-mail sent, the signed price list.</summary>
    /// <example>Price list 2027 signed, ref PL-2027-114</example>
    public string Evidence { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class FulfilCommitmentEndpoint
{
    public static ProblemDetails Validate(
        FulfilCommitment command, Commitment commitment, IEventStream<Commitment> stream, HttpContext context, TimeProvider clock)
    {
        var errors = new FieldErrors().Required("evidence", command.Evidence, FieldErrors.LongText)
            .ClosingDate("fulfilledOn", command.FulfilledOn, commitment, clock.GetUtcNow());
        var problem = CommitmentRules.Check(command, errors, commitment, stream.StartingVersion, context);
        if (Problems.Found(problem))
        {
            return problem;
        }

        return commitment.Status == CommitmentStatus.PendingApproval
            ? Problems.Conflict("not-in-force", "The commitment is still pending approval; approve or withdraw it first.")
            : Problems.None;
    }

    /// <summary>Record that a commitment was fulfilled.</summary>
    /// <remarks>Appends <c>CommitmentFulfilled</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/fulfilment", OperationId = "FulfilCommitment")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        FulfilCommitment command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (stream.Written(CommitmentStatus.Fulfilled),
        [
            new CommitmentFulfilled(commitment.AccountId, commitment.Id, command.FulfilledOn!.Value, command.Evidence.Trim(), clock.GetUtcNow(), user.Actor()),
        ]);
}
