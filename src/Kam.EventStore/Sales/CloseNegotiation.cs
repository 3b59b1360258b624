using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Close a negotiation: with an agreement (its terms) or without one (the reason).</summary>
public sealed record CloseNegotiation : SalesChange
{
    /// <summary>Agreement or NoAgreement.</summary>
    /// <example>Agreement</example>
    public NegotiationOutcome? Outcome { get; init; }

    /// <summary>The terms agreed: required with an agreement.</summary>
    /// <example>Three-year maintenance contract at list price less 7%, 60-day payment terms</example>
    public string? AgreedTerms { get; init; }

    /// <summary>Why there was no agreement: required without one.</summary>
    public string? Reason { get; init; }

    /// <summary>The business date it closed; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-05-15</example>
    public DateOnly? ClosedOn { get; init; }
}

public static class CloseNegotiationEndpoint
{
    public static ProblemDetails Validate(CloseNegotiation command, Negotiation negotiation, DateTimeOffset now)
    {
        var errors = new FieldErrors().Present("outcome", command.Outcome).Defined("outcome", command.Outcome)
            .Optional("agreedTerms", command.AgreedTerms, FieldErrors.LongText).Optional("reason", command.Reason, FieldErrors.LongText);
        if (command.Outcome == NegotiationOutcome.Agreement && command.AgreedTerms is null)
        {
            errors.Add("agreedTerms", "Required with an agreement.");
        }

        if (command.Outcome == NegotiationOutcome.NoAgreement && command.Reason is null)
        {
            errors.Add("reason", "Required without an agreement.");
        }

        var dated = SalesRules.Dated(errors, command.OccurredAt, "closedOn", command.ClosedOn, negotiation.LastFactAt, "The negotiation's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var open = negotiation.Concessions.Where(c => c.IsOpen).Select(c => c.Id).ToList();
        return open.Count > 0
            ? Problems.Rule("open-concessions", $"Concessions still offered or pending approval: {string.Join(", ", open)}. Grant or withdraw each first.")
            : Problems.None;
    }

    /// <summary>Close a negotiation.</summary>
    /// <remarks>
    /// Appends <c>NegotiationClosed</c> with the outcome. Every concession must have been granted, withdrawn or rejected first
    /// (422 <c>open-concessions</c>); a closed negotiation takes no more rounds or concessions (409 <c>negotiation-closed</c>).
    /// </remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/closing", OperationId = "CloseNegotiation")]
    [Tags("Sales")]
    public static Events Post(CloseNegotiation command, [WriteAggregate] Negotiation negotiation, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new NegotiationClosed(negotiation.AccountId, negotiation.Id, command.Outcome!.Value, command.AgreedTerms?.Trim(), command.Reason?.Trim(),
            command.On(now, command.ClosedOn), command.When(now, command.ClosedOn), user.Actor()),
    ];
}
