using System.Security.Claims;
using Kam.EventStore.Accounts;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Interactions;

/// <summary>Retract an interaction recorded by mistake (it did not happen, or not with this customer). It stays in the history, marked retracted.</summary>
public sealed record RetractInteraction : IExpectVersion
{
    /// <summary>Why it is retracted. Required.</summary>
    /// <example>Recorded on the wrong account</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }

    /// <summary>When it was retracted, in business time; defaults to now; not in the future, not before the record's latest business time.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

public static class RetractInteractionEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        RetractInteraction command, Guid accountId, Interaction interaction, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        if (interaction.AccountId != accountId)
        {
            return Problems.NotFound("Interaction", interaction.Id);
        }

        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).NotInFuture("occurredAt", command.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var order = BusinessTime.NotBefore("occurredAt", BusinessTime.Resolve(command.OccurredAt, null, now), interaction.LastFactAt,
            "The record's latest business time");
        return Problems.Found(order)
            ? order
            : new AccountOnRecord(await session.LoadAsync<Accounts.KeyAccount>(accountId, cancellation), null).CheckOpen(accountId);
    }

    /// <summary>Retract an interaction recorded by mistake.</summary>
    /// <remarks>
    /// Appends <c>InteractionRetracted</c> with the reason and the record as it read, dated <c>occurredAt</c> (default now). The
    /// interaction stays in its history and on the timeline, marked retracted, and no longer counts as a contact. 409
    /// <c>interaction-retracted</c> when it already is.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/interactions/{interactionId}/retraction", OperationId = "RetractInteraction")]
    [Tags("Interactions")]
    public static Events Post(RetractInteraction command, [WriteAggregate("interactionId")] Interaction interaction, DateTimeOffset now, ClaimsPrincipal user) =>
        [
            new InteractionRetracted(interaction.Id, interaction.AccountId, interaction.HappenedAt, interaction.Details, command.Reason.Trim(),
                BusinessTime.Resolve(command.OccurredAt, null, now), user.Actor()),
        ];
}
