using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Record that the promise was kept.</summary>
public sealed record FulfilCommitment : CommitmentChange
{
    /// <summary>The business date it was kept; defaults to the date of <c>occurredAt</c>, else today; not before the commitment's latest fact.</summary>
    /// <example>2026-06-30</example>
    public DateOnly? FulfilledOn { get; init; }

    /// <summary>Evidence or a note: delivery note number, the e-mail sent, the signed price list.</summary>
    /// <example>Price list 2027 signed, ref PL-2027-114</example>
    public string Evidence { get; init; } = "";
}

public static class FulfilCommitmentEndpoint
{
    public static ProblemDetails Validate(FulfilCommitment command, Commitment commitment, DateTimeOffset now)
    {
        var dated = CommitmentRules.Dated(new FieldErrors().Required("evidence", command.Evidence, FieldErrors.LongText), command, "fulfilledOn",
            command.FulfilledOn, commitment, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        return commitment.Status == CommitmentStatus.PendingApproval
            ? Problems.Conflict("not-in-force", "The commitment is still pending approval; approve or withdraw it first.")
            : Problems.None;
    }

    /// <summary>Record that a commitment was fulfilled.</summary>
    /// <remarks>Appends <c>CommitmentFulfilled</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/fulfilment", OperationId = "FulfilCommitment")]
    [Tags("Commitments")]
    public static Events Post(FulfilCommitment command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new CommitmentFulfilled(commitment.AccountId, commitment.Id, command.On(now, command.FulfilledOn), command.Evidence.Trim(),
                command.When(now, command.FulfilledOn), user.Actor()),
        ];
}
