using System.Security.Claims;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Grant a concession to the customer: it becomes a commitment in the ledger, linked both ways.</summary>
public sealed record GrantConcession : SalesChange
{
    /// <summary>Optional client-chosen id of the commitment it becomes; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e81</example>
    public Guid? CommitmentId { get; init; }

    /// <summary>The business date it was granted; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-05-12</example>
    public DateOnly? GrantedOn { get; init; }

    /// <summary>When the commitment is due; required for a free service (a resource commitment); not before it was granted.</summary>
    public DateOnly? DueOn { get; init; }

    /// <summary>Who answers for keeping it (person id); defaults to the account's KAM on the day it was granted, else the negotiator.</summary>
    public string? OwnerPersonId { get; init; }
}

/// <summary>What a grant is decided against: the account's relationships and role history, and the negotiation's opportunity.</summary>
public sealed record GrantContext(AccountRelationships? Account, AccountRoles? Roles, Opportunity? Opportunity);

public static class GrantConcessionEndpoint
{
    public static async Task<GrantContext> LoadAsync(Negotiation negotiation, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<AccountRelationships>(negotiation.AccountId);
        var roles = batch.Load<AccountRoles>(negotiation.AccountId);
        var opportunity = negotiation.OpportunityId is { } id ? batch.Load<Opportunity>(id) : Task.FromResult<Opportunity?>(null);
        await batch.Execute(cancellation);
        return new GrantContext(await account, await roles, await opportunity);
    }

    public static async Task<ProblemDetails> ValidateAsync(
        GrantConcession command, Guid concessionId, Negotiation negotiation, GrantContext context, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var grantedOn = command.On(now, command.GrantedOn);
        var concession = negotiation.Concession(concessionId);
        var errors = new FieldErrors().NotEmptyId("commitmentId", command.CommitmentId).PersonId("ownerPersonId", command.OwnerPersonId, required: false);
        CommitmentTerms.Check(errors, concession?.Kind.AsCommitment() ?? CommitmentKind.Other, null, grantedOn, command.DueOn);
        var dated = SalesRules.Dated(errors, command.OccurredAt, "grantedOn", command.GrantedOn, negotiation.LastFactAt, "The negotiation's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (concession is null)
        {
            return Problems.NotFound("Concession", concessionId);
        }

        var grantable = concession.Status switch
        {
            ConcessionStatus.Offered => Problems.None,
            ConcessionStatus.PendingApproval => Problems.Rule("approval-required",
                $"The concession is beyond {concession.OfferedByPersonId}'s authority and waits for {concession.PendingApproverPersonId ?? "an approver"}'s approval."),
            _ => Problems.Conflict("concession-closed", $"The concession is {concession.Status}; it cannot be granted."),
        };
        if (Problems.Found(grantable))
        {
            return grantable;
        }

        if (context.Account is { DesignationEnded: true })
        {
            return Problems.Conflict("designation-ended", $"Key account {negotiation.AccountId} is no longer a key account; its history is closed.");
        }

        if (MadeTo(negotiation, context, grantedOn).Count == 0)
        {
            return Problems.Rule("no-stakeholder",
                $"None of the negotiation's stakeholders is a stakeholder of the account on {grantedOn:yyyy-MM-dd}: the commitment is made to them.");
        }

        if (command.CommitmentId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-commitment", $"Commitment {id} already exists.");
        }

        return await PeopleDirectory.Known(session, "ownerPersonId", command.OwnerPersonId is { } owner ? [owner] : [], grantedOn, cancellation);
    }

    /// <summary>Grant a concession: it becomes a commitment.</summary>
    /// <remarks>
    /// In one transaction: appends <c>ConcessionGranted</c> to the negotiation (naming the new commitment, with the
    /// concession's value where it can be computed: as given, or the discount on the opportunity's value) and starts the
    /// commitment's stream with <c>CommitmentMade</c> (made by the negotiator to the negotiation's stakeholders, with the
    /// authority check of the offer, and an <c>origin</c> naming the negotiation and concession); a concession that needed
    /// approval also gets <c>CommitmentApproved</c> with its approver's check, so the commitment is in force, as the
    /// concession was. Only an offered concession (within authority, or approved) is granted: pending approval is 422
    /// <c>approval-required</c>. The answer names the commitment.
    /// </remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/concessions/{concessionId}/grant", OperationId = "GrantConcession")]
    [Tags("Sales")]
    public static (Events, IStartStream, OutgoingMessages) Post(
        GrantConcession command, Guid concessionId, [WriteAggregate] Negotiation negotiation, GrantContext context, DateTimeOffset now, ClaimsPrincipal user)
    {
        var concession = negotiation.Concession(concessionId)!;
        var grantedOn = command.On(now, command.GrantedOn);
        var occurredAt = command.When(now, command.GrantedOn);
        var by = user.Actor();
        var commitmentId = command.CommitmentId ?? Guid.CreateVersion7(now);
        var owner = command.OwnerPersonId is { } o
            ? PersonIds.Normalize(o)
            : (context.Roles is { } roles ? AccountRolesOn.From(roles, grantedOn).AccountManager?.PersonId : null) ?? concession.OfferedByPersonId;

        var made = new CommitmentMade(negotiation.AccountId, commitmentId, concession.OfferedByPersonId, MadeTo(negotiation, context, grantedOn), null,
            concession.Kind.AsCommitment(), concession.Description, concession.Value, concession.DiscountPercent, grantedOn, command.DueOn, owner,
            concession.Check, occurredAt, by, new CommitmentOrigin(negotiation.Id, concession.Id, negotiation.OpportunityId));
        object[] commitment = concession.Check.Within
            ? [made]
            :
            [
                made,
                new CommitmentApproved(negotiation.AccountId, commitmentId, concession.ApprovedByPersonId!, concession.ApproverCheck!,
                    $"Approved as concession {concession.Id} of negotiation {negotiation.Id}", occurredAt, by),
            ];

        var messages = new OutgoingMessages();
        DueChecks.Schedule(messages, commitmentId, command.DueOn);
        return (
            [new ConcessionGranted(negotiation.AccountId, negotiation.Id, concession.Id, commitmentId, ValueOf(concession, context.Opportunity), grantedOn, occurredAt, by)],
            MartenOps.StartStream<Commitment>(commitmentId, commitment),
            messages);
    }

    /// <summary>The concession's value where it can be computed: as given, else its discount on the opportunity's value.</summary>
    public static Money? ValueOf(Concession concession, Opportunity? opportunity) =>
        concession.Value ?? (concession.DiscountPercent is { } discount && opportunity is not null
            ? new Money(Math.Round(opportunity.Value.Amount * discount / 100m, 2, MidpointRounding.AwayFromZero), opportunity.Value.Currency)
            : null);

    // The commitment is made to their people at the table who are still the account's stakeholders on the day.
    private static IReadOnlyList<Guid> MadeTo(Negotiation negotiation, GrantContext context, DateOnly on) =>
        [.. negotiation.StakeholderIds.Where(id => context.Account?.Stakeholder(id) is { } s && s.AddedOn <= on && !(s.LeftOn < on))];
}
