using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Interactions;

/// <summary>Retract an interaction recorded by mistake (it did not happen, or not with this customer). It stays in the history, marked retracted.</summary>
public sealed record RetractInteraction
{
    /// <summary>Why it is retracted. Required.</summary>
    /// <example>Recorded on the wrong account</example>
    public string Reason { get; init; } = "";

    /// <summary>The interaction's version the retraction was decided on; optional, may also be sent as <c>If-Match</c>.</summary>
    public long? Version { get; init; }
}

public static class RetractInteractionEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        RetractInteraction command, Guid accountId, Interaction interaction, IEventStream<Interaction> stream, HttpContext context,
        IQuerySession session, CancellationToken cancellation)
    {
        if (interaction.AccountId != accountId)
        {
            return Problems.NotFound("Interaction", interaction.Id);
        }

        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var expected = ExpectedVersion.Check(context, command.Version, stream.StartingVersion ?? 0);
        if (Problems.Found(expected))
        {
            return expected;
        }

        if (interaction.Retracted)
        {
            return Problems.Conflict("interaction-retracted", $"Interaction {interaction.Id} is already retracted.");
        }

        return new AccountOnRecord(await session.LoadAsync<Accounts.KeyAccount>(accountId, cancellation), null).CheckOpen(accountId);
    }

    /// <summary>Retract an interaction recorded by mistake.</summary>
    /// <remarks>
    /// Appends <c>InteractionRetracted</c> with the reason and the record as it read. The interaction stays in its history
    /// and on the timeline, marked retracted, and no longer counts as a contact. 409 <c>interaction-retracted</c> when it
    /// already is.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/interactions/{interactionId}/retraction", OperationId = "RetractInteraction")]
    [Tags("Interactions")]
    public static (InteractionWritten, Events) Post(
        RetractInteraction command, [WriteAggregate("interactionId")] Interaction interaction, IEventStream<Interaction> stream,
        ClaimsPrincipal user, TimeProvider clock) =>
        (new InteractionWritten(interaction.Id, (stream.StartingVersion ?? 0) + 1),
        [
            new InteractionRetracted(interaction.Id, interaction.AccountId, interaction.HappenedAt, interaction.Details, command.Reason.Trim(),
                clock.GetUtcNow(), user.Actor()),
        ]);
}
