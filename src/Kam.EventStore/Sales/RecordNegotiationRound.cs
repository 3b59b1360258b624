using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Record a round of a negotiation: what each side asked for and offered.</summary>
public sealed record RecordNegotiationRound : SalesChange
{
    /// <summary>What we asked for.</summary>
    /// <example>Three-year term, volume commitment of 400 service days a year</example>
    public string WeAsked { get; init; } = "";

    /// <summary>What we offered.</summary>
    /// <example>List price with 3% volume discount</example>
    public string WeOffered { get; init; } = "";

    /// <summary>What they asked for.</summary>
    /// <example>10% discount and 90-day payment terms</example>
    public string TheyAsked { get; init; } = "";

    /// <summary>What they offered.</summary>
    /// <example>Two-year term</example>
    public string TheyOffered { get; init; } = "";

    /// <summary>The business date the round was held; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-04-28</example>
    public DateOnly? HeldOn { get; init; }
}

public static class RecordNegotiationRoundEndpoint
{
    public static ProblemDetails Validate(RecordNegotiationRound command, Negotiation negotiation, DateTimeOffset now) =>
        SalesRules.Dated(
            new FieldErrors().Required("weAsked", command.WeAsked, FieldErrors.LongText).Required("weOffered", command.WeOffered, FieldErrors.LongText)
                .Required("theyAsked", command.TheyAsked, FieldErrors.LongText).Required("theyOffered", command.TheyOffered, FieldErrors.LongText),
            command.OccurredAt, "heldOn", command.HeldOn, negotiation.LastFactAt, "The negotiation's latest fact", now);

    /// <summary>Record a negotiation round.</summary>
    /// <remarks>Appends <c>NegotiationRoundHeld</c>, numbered in order. A closed negotiation takes no rounds (409 <c>negotiation-closed</c>).</remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/rounds", OperationId = "RecordNegotiationRound")]
    [Tags("Sales")]
    public static Events Post(RecordNegotiationRound command, [WriteAggregate] Negotiation negotiation, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new NegotiationRoundHeld(negotiation.AccountId, negotiation.Id, negotiation.Rounds.Count + 1, command.WeAsked.Trim(), command.WeOffered.Trim(),
            command.TheyAsked.Trim(), command.TheyOffered.Trim(), command.On(now, command.HeldOn), command.When(now, command.HeldOn), user.Actor()),
    ];
}
