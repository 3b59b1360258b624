using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Record that the promise was broken or missed, and whether the customer was told.</summary>
public sealed record RecordCommitmentBroken : CommitmentChange
{
    /// <summary>The business date it was broken; defaults to the date of <c>occurredAt</c>, else today; not before the commitment's latest fact.</summary>
    public DateOnly? BrokenOn { get; init; }

    /// <summary>Why.</summary>
    /// <example>Supplier capacity lost after the mill fire</example>
    public string Reason { get; init; } = "";

    /// <summary>Whether the customer was told.</summary>
    public bool? CustomerInformed { get; init; }
}

public static class RecordCommitmentBrokenEndpoint
{
    public static ProblemDetails Validate(RecordCommitmentBroken command, Commitment commitment, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText);
        errors.Present("customerInformed", command.CustomerInformed);
        return CommitmentRules.Dated(errors, command, "brokenOn", command.BrokenOn, commitment, now);
    }

    /// <summary>Record that a commitment was broken or missed.</summary>
    /// <remarks>Appends <c>CommitmentBroken</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/breach", OperationId = "RecordCommitmentBroken")]
    [Tags("Commitments")]
    public static Events Post(RecordCommitmentBroken command, [WriteCommitment] Commitment commitment, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new CommitmentBroken(commitment.AccountId, commitment.Id, command.On(now, command.BrokenOn), command.Reason.Trim(), command.CustomerInformed!.Value,
                command.When(now, command.BrokenOn), user.Actor()),
        ];
}
