using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Withdraw a promise, and record whether that was agreed with the customer.</summary>
public sealed record WithdrawCommitment : ICommitmentChange
{
    /// <summary>The business date it was withdrawn.</summary>
    public DateOnly? WithdrawnOn { get; init; }

    /// <summary>Why.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Whether the customer agreed.</summary>
    public bool? AgreedWithCustomer { get; init; }

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class WithdrawCommitmentEndpoint
{
    public static ProblemDetails Validate(
        WithdrawCommitment command, Commitment commitment, IEventStream<Commitment> stream, HttpContext context, TimeProvider clock)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText)
            .ClosingDate("withdrawnOn", command.WithdrawnOn, commitment, clock.GetUtcNow());
        if (command.AgreedWithCustomer is null)
        {
            errors.Add("agreedWithCustomer", "Required: did the customer agree?");
        }

        return CommitmentRules.Check(command, errors, commitment, stream.StartingVersion, context);
    }

    /// <summary>Withdraw a commitment.</summary>
    /// <remarks>Appends <c>CommitmentWithdrawn</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/withdrawal", OperationId = "WithdrawCommitment")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        WithdrawCommitment command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (stream.Written(CommitmentStatus.Withdrawn),
        [
            new CommitmentWithdrawn(commitment.AccountId, commitment.Id, command.WithdrawnOn!.Value, command.Reason.Trim(), command.AgreedWithCustomer!.Value,
                clock.GetUtcNow(), user.Actor()),
        ]);
}
