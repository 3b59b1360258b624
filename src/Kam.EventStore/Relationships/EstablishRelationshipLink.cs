using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record a working relationship between one of our people and one of the account's stakeholders.</summary>
public sealed record EstablishRelationshipLink : RoleChange
{
    /// <summary>Our person (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string PersonId { get; init; } = "";

    /// <summary>Their person: a stakeholder of this account.</summary>
    public Guid StakeholderId { get; init; }

    /// <summary>Weak, Medium or Strong.</summary>
    /// <example>Medium</example>
    public LinkStrength? Strength { get; init; }
}

public static class EstablishRelationshipLinkEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        EstablishRelationshipLink command, AccountRelationships account, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var errors = new FieldErrors().PersonId("personId", command.PersonId, required: true).Defined("strength", command.Strength);
        errors.Present("strength", command.Strength);

        if (command.StakeholderId == Guid.Empty)
        {
            errors.Add("stakeholderId", "Required.");
        }

        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (account.Stakeholder(command.StakeholderId) is not { } stakeholder)
        {
            return Problems.Rule("unknown-stakeholder", $"{command.StakeholderId} is not a stakeholder of this account.");
        }

        if (stakeholder.LeftOn is { } left)
        {
            return Problems.Conflict("stakeholder-left", $"The stakeholder left the customer on {left:yyyy-MM-dd}.");
        }

        var person = PersonIds.Normalize(command.PersonId);
        if (account.Link(person, command.StakeholderId) is { } link)
        {
            return Problems.Conflict("link-exists", $"{person} already has a {link.Strength} link to this stakeholder.");
        }

        var effectiveOn = command.EffectiveDate(now);
        return Problems.FirstOf(
            RoleChangeRules.NotBefore(effectiveOn, stakeholder.AddedOn, "The stakeholder has been known"),
            RoleChangeRules.NotOverlapping(effectiveOn,
                account.LinkEndedOn.TryGetValue(LinkState.Key(person, command.StakeholderId), out var ended) ? ended : null,
                "An earlier link between them lasted"),
            await PeopleDirectory.Known(session, "personId", [command.PersonId], command.EffectiveDate(now), cancellation));
    }

    /// <summary>Record a relationship link between our person and a stakeholder.</summary>
    /// <remarks>Appends <c>RelationshipLinkEstablished</c>. 409 when the pair is already linked.</remarks>
    [WolverinePost("/api/accounts/{accountId}/links", OperationId = "EstablishRelationshipLink")]
    [Tags("Relationship links")]
    public static Events Post(
        EstablishRelationshipLink command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new RelationshipLinkEstablished(account.Id, PersonIds.Normalize(command.PersonId), command.StakeholderId, command.Strength!.Value,
                command.EffectiveDate(now), command.When(now), user.Actor()),
        ];
}
