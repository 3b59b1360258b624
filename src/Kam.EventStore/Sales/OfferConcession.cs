using System.Security.Claims;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Offer the customer a concession in a negotiation, checked against the negotiator's authority on its date.</summary>
public sealed record OfferConcession : SalesChange
{
    /// <summary>Optional client-chosen concession id; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e71</example>
    public Guid? ConcessionId { get; init; }

    /// <summary>What it gives: Discount (with discountPercent), Price (with value), PaymentTerms (with paymentTermDays), FreeService, Other.</summary>
    /// <example>Discount</example>
    public ConcessionKind? Kind { get; init; }

    /// <summary>The concession in words the customer would recognise.</summary>
    /// <example>7% discount on the 2027 service price list</example>
    public string Description { get; init; } = "";

    /// <summary>The discount in percent (0-100), for a discount.</summary>
    /// <example>7</example>
    public decimal? DiscountPercent { get; init; }

    /// <summary>Its value: required for a price concession (the reduction); what a free service is worth, when known.</summary>
    public Money? Value { get; init; }

    /// <summary>The payment terms offered, in days (1-365), for payment terms.</summary>
    public int? PaymentTermDays { get; init; }

    /// <summary>The negotiator who offered it: one of the negotiation's negotiators, whose authority is checked.</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OfferedByPersonId { get; init; } = "";

    /// <summary>The business date it was offered; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-05-04</example>
    public DateOnly? OfferedOn { get; init; }
}

public static class OfferConcessionEndpoint
{
    public static Task<Person?> LoadAsync(OfferConcession command, IQuerySession session, CancellationToken cancellation) =>
        PersonIds.IsWellFormed(command.OfferedByPersonId)
            ? session.LoadAsync<Person>(PersonIds.StreamId(command.OfferedByPersonId), cancellation)
            : Task.FromResult<Person?>(null);

    public static async Task<ProblemDetails> ValidateAsync(
        OfferConcession command, Negotiation negotiation, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Present("kind", command.Kind).Defined("kind", command.Kind)
            .Required("description", command.Description, FieldErrors.LongText)
            .Money("value", command.Value, required: command.Kind == ConcessionKind.Price)
            .PersonId("offeredByPersonId", command.OfferedByPersonId, required: true)
            .NotEmptyId("concessionId", command.ConcessionId);
        if (command.DiscountPercent is <= 0 or > 100 || (command.Kind == ConcessionKind.Discount && command.DiscountPercent is null))
        {
            errors.Add("discountPercent", "Required for a discount: above 0 and at most 100.");
        }

        if (command.PaymentTermDays is < 1 or > 365 || (command.Kind == ConcessionKind.PaymentTerms && command.PaymentTermDays is null))
        {
            errors.Add("paymentTermDays", "Required for payment terms: 1 to 365 days.");
        }

        var offeredOn = command.On(now, command.OfferedOn);
        var dated = SalesRules.Dated(errors, command.OccurredAt, "offeredOn", command.OfferedOn, negotiation.LastFactAt, "The negotiation's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var offeredBy = PersonIds.Normalize(command.OfferedByPersonId);
        if (!negotiation.NegotiatorPersonIds.Contains(offeredBy))
        {
            return Problems.Rule("not-a-negotiator", $"offeredByPersonId: {offeredBy} is not one of the negotiation's negotiators.");
        }

        if (command.ConcessionId is { } id && negotiation.Concession(id) is not null)
        {
            return Problems.Conflict("duplicate-concession", $"Concession {id} was offered already.");
        }

        return await PeopleDirectory.Known(session, "offeredByPersonId", [offeredBy], offeredOn, cancellation);
    }

    /// <summary>Offer a concession.</summary>
    /// <remarks>
    /// Appends <c>ConcessionOffered</c> with the negotiator's authority check on <c>offeredOn</c>, by the rule every commitment
    /// follows (a discount or price as a price commitment, a free service as a resource): within it, it may be granted; beyond
    /// it, it waits for the approver the grant names (<c>.../approval</c>). A closed negotiation takes no concession (409
    /// <c>negotiation-closed</c>). The answer names the concession and its status.
    /// </remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/concessions", OperationId = "OfferConcession")]
    [Tags("Sales")]
    public static Events Post(OfferConcession command, [WriteAggregate] Negotiation negotiation, Person? person, DateTimeOffset now, ClaimsPrincipal user)
    {
        var offeredOn = command.On(now, command.OfferedOn);
        var offeredBy = PersonIds.Normalize(command.OfferedByPersonId);
        var check = AuthorityChecks.Check(offeredBy, person!.AuthorityOn(offeredOn), offeredOn, command.Kind!.Value.AsCommitment(), command.Value,
            command.DiscountPercent);
        return
        [
            new ConcessionOffered(negotiation.AccountId, negotiation.Id, command.ConcessionId ?? Guid.CreateVersion7(now), command.Kind.Value,
                command.Description.Trim(), command.DiscountPercent, command.Value, command.PaymentTermDays, offeredBy, check, offeredOn,
                command.When(now, command.OfferedOn), user.Actor()),
        ];
    }
}
