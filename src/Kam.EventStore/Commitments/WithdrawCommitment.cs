using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Withdraw a promise, and record whether that was agreed with the customer.</summary>
public sealed record WithdrawCommitment : CommitmentChange
{
    /// <summary>The business date it was withdrawn; defaults to the date of <c>occurredAt</c>, else today; not before the commitment's latest fact.</summary>
    public DateOnly? WithdrawnOn { get; init; }

    /// <summary>Why.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Whether the customer agreed.</summary>
    public bool? AgreedWithCustomer { get; init; }
}

public static class WithdrawCommitmentEndpoint
{
    public static ProblemDetails Validate(WithdrawCommitment command, Commitment commitment, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText);
        errors.Present("agreedWithCustomer", command.AgreedWithCustomer);
        return CommitmentRules.Dated(errors, command, "withdrawnOn", command.WithdrawnOn, commitment, now);
    }

    /// <summary>Record that a commitment was withdrawn.</summary>
    /// <remarks>Appends <c>CommitmentWithdrawn</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/withdrawal", OperationId = "WithdrawCommitment")]
    [Tags("Commitments")]
    public static Events Post(WithdrawCommitment command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new CommitmentWithdrawn(commitment.AccountId, commitment.Id, command.On(now, command.WithdrawnOn), command.Reason.Trim(),
                command.AgreedWithCustomer!.Value, command.When(now, command.WithdrawnOn), user.Actor()),
        ];
}
