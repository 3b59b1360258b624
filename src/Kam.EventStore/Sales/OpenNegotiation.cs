using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Open a negotiation with the customer, about an opportunity or a renewal.</summary>
public sealed record OpenNegotiation
{
    /// <summary>Optional client-chosen negotiation id; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e61</example>
    public Guid? NegotiationId { get; init; }

    /// <summary>What is negotiated.</summary>
    /// <example>Price and terms of the 2027-2029 maintenance contract</example>
    public string Subject { get; init; } = "";

    /// <summary>The opportunity it is about: an open opportunity of this account. Give this or <c>renewalOf</c>.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e51</example>
    public Guid? OpportunityId { get; init; }

    /// <summary>The agreement it renews, when it is a renewal. Give this or <c>opportunityId</c>.</summary>
    public string? RenewalOf { get; init; }

    /// <summary>Our negotiators (person ids, at least one).</summary>
    /// <example>["anna.virtanen@example.com"]</example>
    public IReadOnlyList<string> NegotiatorPersonIds { get; init; } = [];

    /// <summary>Their stakeholders at the table: stakeholders of this account on the date it opened.</summary>
    public IReadOnlyList<Guid> StakeholderIds { get; init; } = [];

    /// <summary>Our mandate: opening position and walk-away limit. Shown only to writers and above.</summary>
    public NegotiationMandate? Mandate { get; init; }

    /// <summary>The business date it opened; defaults to the date of <c>occurredAt</c>, else today; not in the future, not before the designation.</summary>
    /// <example>2026-04-20</example>
    public DateOnly? OpenedOn { get; init; }

    /// <summary>When it opened, if the time of day matters; must fall on <c>openedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What opening a negotiation answers (201, with the negotiation's address).</summary>
/// <param name="NegotiationId">The new negotiation.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Version">The negotiation stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded: <c>occurredAt</c>, the start of a past <c>openedOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the negotiation is dated now.</param>
public sealed record NegotiationCreated(Guid NegotiationId, Guid AccountId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/negotiations/{NegotiationId}");

/// <summary>What a negotiation is opened against: the account, its relationships and the opportunity named.</summary>
public sealed record NegotiationContext(KeyAccount? Account, AccountRelationships? Relationships, Opportunity? Opportunity);

public static class OpenNegotiationEndpoint
{
    public static async Task<NegotiationContext> LoadAsync(OpenNegotiation command, Guid accountId, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<KeyAccount>(accountId);
        var relationships = batch.Load<AccountRelationships>(accountId);
        var opportunity = command.OpportunityId is { } id ? batch.Load<Opportunity>(id) : Task.FromResult<Opportunity?>(null);
        await batch.Execute(cancellation);
        return new NegotiationContext(await account, await relationships, await opportunity);
    }

    public static async Task<ProblemDetails> ValidateAsync(
        OpenNegotiation command, Guid accountId, NegotiationContext context, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var openedOn = BusinessTime.DateOf(command.OccurredAt, command.OpenedOn, now);
        var errors = new FieldErrors()
            .Required("subject", command.Subject)
            .Optional("renewalOf", command.RenewalOf)
            .NotEmptyId("negotiationId", command.NegotiationId)
            .NotEmptyId("opportunityId", command.OpportunityId);
        if (command.OpportunityId is null && command.RenewalOf is null)
        {
            errors.Add("opportunityId", "Give the opportunity the negotiation is about, or the agreement it renews (renewalOf).");
        }

        if (command.NegotiatorPersonIds.Count == 0)
        {
            errors.Add("negotiatorPersonIds", "Required: at least one of our negotiators.");
        }

        for (var i = 0; i < command.NegotiatorPersonIds.Count; i++)
        {
            errors.PersonId($"negotiatorPersonIds[{i}]", command.NegotiatorPersonIds[i], required: true);
        }

        if (command.Mandate is null)
        {
            errors.Add("mandate", "Required: the opening position and the walk-away limit.");
        }
        else
        {
            errors.Required("mandate.openingPosition", command.Mandate.OpeningPosition, FieldErrors.LongText)
                .Required("mandate.walkAwayLimit", command.Mandate.WalkAwayLimit, FieldErrors.LongText);
        }

        var problem = Problems.FirstOf(
            SalesRules.Dated(errors, command.OccurredAt, "openedOn", command.OpenedOn, null, "", now),
            SalesRules.OnOpenAccount(context.Account, accountId, "openedOn", openedOn),
            SalesRules.Stakeholders(context.Relationships, "stakeholderIds", command.StakeholderIds, openedOn),
            OpenOpportunityOf(accountId, command.OpportunityId, context.Opportunity));
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (command.NegotiationId is { } negotiationId && await session.Events.FetchStreamStateAsync(negotiationId, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-negotiation", $"Negotiation {negotiationId} already exists.");
        }

        return await PeopleDirectory.Known(session, "negotiatorPersonIds", command.NegotiatorPersonIds, openedOn, cancellation);
    }

    /// <summary>A negotiation about an opportunity needs an open opportunity of the same account (422 otherwise).</summary>
    private static ProblemDetails OpenOpportunityOf(Guid accountId, Guid? opportunityId, Opportunity? opportunity)
    {
        if (opportunityId is null)
        {
            return Problems.None;
        }

        if (opportunity is null || opportunity.AccountId != accountId)
        {
            return Problems.Rule("unknown-opportunity", $"opportunityId: {opportunityId} is not an opportunity of this account.");
        }

        return opportunity.IsOpen
            ? Problems.None
            : Problems.Rule("opportunity-closed", $"opportunityId: the opportunity was {opportunity.Status.ToString().ToLowerInvariant()} on {opportunity.ClosedOn:yyyy-MM-dd}.");
    }

    /// <summary>Open a negotiation.</summary>
    /// <remarks>
    /// Appends <c>NegotiationOpened</c> to a new negotiation stream that belongs to the account: subject, the opportunity or
    /// renewal, our negotiators, their stakeholders (by id) and our mandate (opening position and walk-away limit, which only
    /// writers and above see in any answer). Answers 201 with its address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/negotiations", OperationId = "OpenNegotiation")]
    [Tags("Sales")]
    public static (NegotiationCreated, IStartStream) Post(OpenNegotiation command, Guid accountId, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.NegotiationId ?? Guid.CreateVersion7(now);
        var openedOn = BusinessTime.DateOf(command.OccurredAt, command.OpenedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, openedOn, now);
        var opened = new NegotiationOpened(accountId, id, command.Subject.Trim(), command.OpportunityId, command.RenewalOf?.Trim(),
            [.. command.NegotiatorPersonIds.Select(PersonIds.Normalize).Distinct()], [.. command.StakeholderIds.Distinct()],
            new NegotiationMandate(command.Mandate!.OpeningPosition.Trim(), command.Mandate.WalkAwayLimit.Trim()), openedOn, occurredAt, user.Actor());
        return (new NegotiationCreated(id, accountId, 1, occurredAt, occurredAt == now), MartenOps.StartStream<Negotiation>(id, opened));
    }
}
