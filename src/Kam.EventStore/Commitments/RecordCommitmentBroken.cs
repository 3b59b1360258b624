using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Record that the promise was broken or missed, and whether the customer was told.</summary>
public sealed record RecordCommitmentBroken : ICommitmentChange
{
    /// <summary>The business date it was broken.</summary>
    public DateOnly? BrokenOn { get; init; }

    /// <summary>Why.</summary>
    /// <example>Supplier capacity lost after the mill fire</example>
    public string Reason { get; init; } = "";

    /// <summary>Whether the customer was told.</summary>
    public bool? CustomerInformed { get; init; }

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class RecordCommitmentBrokenEndpoint
{
    public static ProblemDetails Validate(
        RecordCommitmentBroken command, Commitment commitment, IEventStream<Commitment> stream, HttpContext context, TimeProvider clock)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText)
            .ClosingDate("brokenOn", command.BrokenOn, commitment, clock.GetUtcNow());
        if (command.CustomerInformed is null)
        {
            errors.Add("customerInformed", "Required: was the customer told?");
        }

        return CommitmentRules.Check(command, errors, commitment, stream.StartingVersion, context);
    }

    /// <summary>Record that a commitment was broken or missed.</summary>
    /// <remarks>Appends <c>CommitmentBroken</c>; the commitment then takes no further change.</remarks>
    [WolverinePost("/api/commitments/{commitmentId}/breach", OperationId = "RecordCommitmentBroken")]
    [Tags("Commitments")]
    public static (CommitmentWritten, Events) Post(
        RecordCommitmentBroken command, [WriteAggregate] Commitment commitment, IEventStream<Commitment> stream, ClaimsPrincipal user,
        TimeProvider clock) =>
        (stream.Written(CommitmentStatus.Broken),
        [
            new CommitmentBroken(commitment.AccountId, commitment.Id, command.BrokenOn!.Value, command.Reason.Trim(), command.CustomerInformed!.Value,
                clock.GetUtcNow(), user.Actor()),
        ]);
}
