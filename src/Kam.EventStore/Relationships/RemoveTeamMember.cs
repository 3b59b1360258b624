using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Remove a member from the account team.</summary>
public sealed record RemoveTeamMember : RoleChange
{
    /// <summary>Why, optional.</summary>
    public string? Reason { get; init; }
}

public static class RemoveTeamMemberEndpoint
{
    public static ProblemDetails Validate(
        RemoveTeamMember command, string personId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Optional("reason", command.Reason, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var person = PersonIds.Normalize(personId);
        return account.SeatOf(person) is not { } seat
            ? Problems.NotFound("Team member", person)
            : RoleChangeRules.NotBefore(command.EffectiveDate(now), seat.Since, $"{person} has been on the team");
    }

    /// <summary>Remove a member from the account team.</summary>
    /// <remarks>Appends <c>AccountTeamMemberRemoved</c>. 404 when the person is not on the team.</remarks>
    [WolverinePost("/api/accounts/{accountId}/team/members/{personId}/removal", OperationId = "RemoveTeamMember")]
    [Tags("Account team")]
    public static Events Post(
        RemoveTeamMember command, string personId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new AccountTeamMemberRemoved(account.Id, PersonIds.Normalize(personId), command.EffectiveDate(now), command.Reason?.Trim(),
                command.When(now), user.Actor()),
        ];
}
