using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Open an opportunity: a chance of new business on the account.</summary>
public sealed record OpenOpportunity
{
    /// <summary>Optional client-chosen opportunity id; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e51</example>
    public Guid? OpportunityId { get; init; }

    /// <summary>What the opportunity is.</summary>
    /// <example>Kemi mill maintenance contract 2027-2029</example>
    public string Title { get; init; } = "";

    /// <summary>Its value (amount and ISO currency).</summary>
    public Money? Value { get; init; }

    /// <summary>When it is expected to close; not before it was opened.</summary>
    /// <example>2026-09-30</example>
    public DateOnly? ExpectedCloseOn { get; init; }

    /// <summary>The products it is for (at least one).</summary>
    /// <example>["Maintenance services", "Spare parts"]</example>
    public IReadOnlyList<string> Products { get; init; } = [];

    /// <summary>Who of ours owns it (person id, in the people directory).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OwnerPersonId { get; init; } = "";

    /// <summary>Their stakeholders involved: stakeholders of this account on the date it was opened.</summary>
    public IReadOnlyList<Guid> StakeholderIds { get; init; } = [];

    /// <summary>Where it came from: an RFQ, the account plan, a referral...</summary>
    /// <example>Customer RFQ</example>
    public string Source { get; init; } = "";

    /// <summary>Its stage when opened; default Identify.</summary>
    /// <example>Qualify</example>
    public OpportunityStage? Stage { get; init; }

    /// <summary>The business date it was opened; defaults to the date of <c>occurredAt</c>, else today; not in the future, not before the designation.</summary>
    /// <example>2026-02-03</example>
    public DateOnly? OpenedOn { get; init; }

    /// <summary>When it was opened, if the time of day matters; must fall on <c>openedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What opening an opportunity answers (201, with the opportunity's address).</summary>
/// <param name="OpportunityId">The new opportunity.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Version">The opportunity stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded: <c>occurredAt</c>, the start of a past <c>openedOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the opportunity is dated now.</param>
public sealed record OpportunityCreated(Guid OpportunityId, Guid AccountId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/opportunities/{OpportunityId}");

/// <summary>What a new record about the account's people is decided against: the account and its relationships.</summary>
public sealed record AccountPeopleContext(KeyAccount? Account, AccountRelationships? Relationships);

public static class OpenOpportunityEndpoint
{
    public static async Task<AccountPeopleContext> LoadAsync(Guid accountId, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<KeyAccount>(accountId);
        var relationships = batch.Load<AccountRelationships>(accountId);
        await batch.Execute(cancellation);
        return new AccountPeopleContext(await account, await relationships);
    }

    public static async Task<ProblemDetails> ValidateAsync(
        OpenOpportunity command, Guid accountId, AccountPeopleContext context, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var openedOn = BusinessTime.DateOf(command.OccurredAt, command.OpenedOn, now);
        var errors = new FieldErrors()
            .Required("title", command.Title)
            .Money("value", command.Value, required: true)
            .Present("expectedCloseOn", command.ExpectedCloseOn)
            .Texts("products", command.Products, required: true)
            .PersonId("ownerPersonId", command.OwnerPersonId, required: true)
            .Required("source", command.Source)
            .Defined("stage", command.Stage)
            .NotEmptyId("opportunityId", command.OpportunityId);
        if (command.ExpectedCloseOn < openedOn)
        {
            errors.Add("expectedCloseOn", $"Must not be before the opportunity was opened ({openedOn:yyyy-MM-dd}).");
        }

        var problem = Problems.FirstOf(
            SalesRules.Dated(errors, command.OccurredAt, "openedOn", command.OpenedOn, null, "", now),
            SalesRules.OnOpenAccount(context.Account, accountId, "openedOn", openedOn),
            SalesRules.Stakeholders(context.Relationships, "stakeholderIds", command.StakeholderIds, openedOn));
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (command.OpportunityId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-opportunity", $"Opportunity {id} already exists.");
        }

        return await PeopleDirectory.Known(session, "ownerPersonId", [command.OwnerPersonId], openedOn, cancellation);
    }

    /// <summary>Open an opportunity.</summary>
    /// <remarks>
    /// Appends <c>OpportunityOpened</c> to a new opportunity stream that belongs to the account: title, value, expected close,
    /// products, owner, the stakeholders involved (by id), source and stage (default Identify). Answers 201 with its address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/opportunities", OperationId = "OpenOpportunity")]
    [Tags("Sales")]
    public static (OpportunityCreated, IStartStream) Post(OpenOpportunity command, Guid accountId, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.OpportunityId ?? Guid.CreateVersion7(now);
        var openedOn = BusinessTime.DateOf(command.OccurredAt, command.OpenedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, openedOn, now);
        var opened = new OpportunityOpened(accountId, id, command.Title.Trim(), command.Value!, command.ExpectedCloseOn!.Value,
            [.. command.Products.Select(p => p.Trim())], PersonIds.Normalize(command.OwnerPersonId), [.. command.StakeholderIds.Distinct()], command.Source.Trim(),
            command.Stage ?? OpportunityStage.Identify, openedOn, occurredAt, user.Actor());
        return (new OpportunityCreated(id, accountId, 1, occurredAt, occurredAt == now), MartenOps.StartStream<Opportunity>(id, opened));
    }
}
