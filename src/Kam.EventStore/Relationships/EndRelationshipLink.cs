using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record that a relationship link ended.</summary>
public sealed record EndRelationshipLink : RoleChange
{
    /// <summary>Why, optional.</summary>
    public string? Reason { get; init; }
}

public static class EndRelationshipLinkEndpoint
{
    public static ProblemDetails Validate(
        EndRelationshipLink command, string personId, Guid stakeholderId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Optional("reason", command.Reason, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var person = PersonIds.Normalize(personId);
        return account.Link(person, stakeholderId) is not { } link
            ? Problems.NotFound("Relationship link", $"{person} - {stakeholderId}")
            : Problems.FirstOf(
                StakeholderPersonalData.NoNoteAboutErased(account.Stakeholder(stakeholderId), command.Reason, "reason"),
                RoleChangeRules.NotBefore(command.EffectiveDate(now), link.Since, $"The link has been {link.Strength}"));
    }

    /// <summary>End a relationship link.</summary>
    /// <remarks>Appends <c>RelationshipLinkEnded</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/links/{personId}/{stakeholderId}/end", OperationId = "EndRelationshipLink")]
    [Tags("Relationship links")]
    public static Events Post(
        EndRelationshipLink command, string personId, Guid stakeholderId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new RelationshipLinkEnded(account.Id, PersonIds.Normalize(personId), stakeholderId, command.EffectiveDate(now),
                command.Reason?.Trim(), command.When(now), user.Actor()),
        ];
}
