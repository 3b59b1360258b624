using System.Security.Claims;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Record that an opportunity was lost, and to whom when it was a competitor.</summary>
public sealed record LoseOpportunity : SalesChange
{
    /// <summary>Why it was lost.</summary>
    /// <example>Price 12% above the winning offer</example>
    public string Reason { get; init; } = "";

    /// <summary>The competitor it was lost to, when it was one: noted as present on the account unless it already is.</summary>
    /// <example>Acme Forest Systems</example>
    public string? CompetitorName { get; init; }

    /// <summary>The business date it was lost; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-05-20</example>
    public DateOnly? LostOn { get; init; }
}

public static class LoseOpportunityEndpoint
{
    public static Task<AccountRelationships?> LoadAsync(Opportunity opportunity, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<AccountRelationships>(opportunity.AccountId, cancellation);

    public static ProblemDetails Validate(LoseOpportunity command, Opportunity opportunity, DateTimeOffset now) =>
        SalesRules.Dated(
            new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).Optional("competitorName", command.CompetitorName),
            command.OccurredAt, "lostOn", command.LostOn, opportunity.LastFactAt, "The opportunity's latest fact", now);

    /// <summary>Lose an opportunity.</summary>
    /// <remarks>
    /// Appends <c>OpportunityLost</c> with the reason. Lost to a competitor: the loss is linked to the competitor's presence
    /// on the account; when the competitor is not present there (never noted, or gone), <c>CompetitorNoted</c> is appended to
    /// the account's stream in the same transaction, from the date of the loss (not on an account whose designation ended).
    /// The answer's <c>competitorId</c> names the presence.
    /// </remarks>
    [WolverinePost("/api/opportunities/{opportunityId}/loss", OperationId = "LoseOpportunity")]
    [Tags("Sales")]
    public static (Events, IMartenOp) Post(
        LoseOpportunity command, [WriteAggregate] Opportunity opportunity, AccountRelationships? account, DateTimeOffset now, ClaimsPrincipal user)
    {
        var lostOn = command.On(now, command.LostOn);
        var occurredAt = command.When(now, command.LostOn);
        var name = command.CompetitorName?.Trim();
        var present = name is null
            ? null
            : account?.Competitors.FirstOrDefault(c => c.GoneOn is null && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        CompetitorNoted? noted = null;
        if (name is not null && present is null && account is { DesignationEnded: false })
        {
            // Named after the loss (the opportunity at this version), so telling the same history again gives the same presence.
            noted = new CompetitorNoted(opportunity.AccountId, People.PersonIds.NameBased(opportunity.Id, $"competitor-noted/{opportunity.Version}"), name, $"Won the opportunity: {opportunity.Title}", lostOn,
                occurredAt, user.Actor());
        }

        var lost = new OpportunityLost(opportunity.AccountId, opportunity.Id, command.Reason.Trim(), present?.Name ?? name, present?.Id ?? noted?.CompetitorId,
            lostOn, occurredAt, user.Actor());
        return ([lost], noted is null ? MartenOps.Nothing() : MartenOps.Append(opportunity.AccountId, noted));
    }
}
