using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record that a relationship link became stronger or weaker.</summary>
public sealed record ChangeLinkStrength : RoleChange
{
    /// <summary>The new strength.</summary>
    /// <example>Strong</example>
    public LinkStrength? Strength { get; init; }
}

public static class ChangeLinkStrengthEndpoint
{
    public static ProblemDetails Validate(
        ChangeLinkStrength command, string personId, Guid stakeholderId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Defined("strength", command.Strength);
        errors.Present("strength", command.Strength);

        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var person = PersonIds.Normalize(personId);
        if (account.Link(person, stakeholderId) is not { } link)
        {
            return Problems.NotFound("Relationship link", $"{person} - {stakeholderId}");
        }

        return link.Strength == command.Strength
            ? Problems.Rule("strength-unchanged", $"The link is already {link.Strength}.")
            : RoleChangeRules.NotBefore(command.EffectiveDate(now), link.Since, $"The link has been {link.Strength}");
    }

    /// <summary>Change a relationship link's strength.</summary>
    /// <remarks>Appends <c>RelationshipLinkStrengthChanged</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/links/{personId}/{stakeholderId}/strength-changes", OperationId = "ChangeLinkStrength")]
    [Tags("Relationship links")]
    public static Events Post(
        ChangeLinkStrength command, string personId, Guid stakeholderId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user)
    {
        var person = PersonIds.Normalize(personId);
        return
        [
            new RelationshipLinkStrengthChanged(account.Id, person, stakeholderId, account.Link(person, stakeholderId)!.Strength,
                command.Strength!.Value, command.EffectiveDate(now), command.When(now), user.Actor()),
        ];
    }
}
