using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record that a stakeholder left the customer's organisation. Their links to our people end with them.</summary>
public sealed record RecordStakeholderDeparture : RoleChange
{
    /// <summary>Why or where to, optional.</summary>
    /// <example>Moved to a competitor of the customer</example>
    public string? Reason { get; init; }
}

public static class RecordStakeholderDepartureEndpoint
{
    public static ProblemDetails Validate(
        RecordStakeholderDeparture command, Guid stakeholderId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Optional("reason", command.Reason, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var standing = RoleChangeRules.StillWithCustomer(account, stakeholderId, out var stakeholder);
        if (Problems.Found(standing))
        {
            return standing;
        }

        var effectiveOn = command.EffectiveDate(now);
        var latestLink = account.Links.Where(l => l.StakeholderId == stakeholderId).Select(l => (DateOnly?)l.Since).Max();
        return Problems.FirstOf(
            StakeholderPersonalData.NoNoteAboutErased(stakeholder, command.Reason, "reason"),
            RoleChangeRules.NotBefore(effectiveOn, stakeholder.ProfileSince, "The stakeholder's current profile has held"),
            RoleChangeRules.NotBefore(effectiveOn, latestLink, "A link to the stakeholder has held"));
    }

    /// <summary>Record that a stakeholder left the customer.</summary>
    /// <remarks>Appends <c>RelationshipLinkEnded</c> for each of their open links, then <c>StakeholderLeftCustomer</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/stakeholders/{stakeholderId}/departure", OperationId = "RecordStakeholderDeparture")]
    [Tags("Stakeholders")]
    public static Events Post(
        RecordStakeholderDeparture command, Guid stakeholderId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user)
    {
        var effectiveOn = command.EffectiveDate(now);
        var when = command.When(now);
        var by = user.Actor();
        return
        [
            .. account.Links.Where(l => l.StakeholderId == stakeholderId)
                .Select(l => new RelationshipLinkEnded(account.Id, l.PersonId, stakeholderId, effectiveOn, "The stakeholder left the customer", when, by)),
            new StakeholderLeftCustomer(account.Id, stakeholderId, effectiveOn, command.Reason?.Trim(), when, by),
        ];
    }
}
