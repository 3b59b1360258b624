using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Hand the account over from its current KAM to another person.</summary>
public sealed record HandOverAccount : RoleChange
{
    /// <summary>The person id of the incoming KAM.</summary>
    /// <example>ben.lindqvist@example.com</example>
    public string ToPersonId { get; init; } = "";

    /// <summary>What the outgoing KAM passes on: the state of the relationship, open matters, promises made.</summary>
    /// <example>Price review due in May; the CFO prefers e-mail.</example>
    public string HandoverNote { get; init; } = "";
}

public static class HandOverAccountEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        HandOverAccount command, AccountRelationships account, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var errors = new FieldErrors().PersonId("toPersonId", command.ToPersonId, required: true).Required("handoverNote", command.HandoverNote, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (account.ManagerPersonId is not { } current)
        {
            return Problems.Conflict("no-kam", "The account has no KAM to hand over from; assign one instead.");
        }

        if (PersonIds.Normalize(command.ToPersonId) == current)
        {
            return Problems.Rule("handover-to-current-kam", $"{current} is already the account's KAM.");
        }

        return Problems.FirstOf(
            RoleChangeRules.NotBefore(command.EffectiveDate(now), account.ManagerSince, $"{current} has held the account"),
            await PeopleDirectory.Known(session, "toPersonId", [command.ToPersonId], command.EffectiveDate(now), cancellation));
    }

    /// <summary>Hand the account over to another KAM.</summary>
    /// <remarks>Appends <c>AccountManagerHandedOver</c> (from, to, effective date, handover note).</remarks>
    [WolverinePost("/api/accounts/{accountId}/account-manager/handovers", OperationId = "HandOverAccount")]
    [Tags("Account manager")]
    public static Events Post(
        HandOverAccount command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new AccountManagerHandedOver(account.Id, account.ManagerPersonId!, PersonIds.Normalize(command.ToPersonId),
                command.EffectiveDate(now), command.HandoverNote.Trim(), command.When(now), user.Actor()),
        ];
}
