using System.Security.Claims;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Change a team member's role on the account.</summary>
public sealed record ChangeTeamMemberRole : RoleChange
{
    /// <summary>The new role.</summary>
    /// <example>DeliveryManager</example>
    public TeamRole? Role { get; init; }

    /// <summary>The role's name, required when <c>role</c> is <c>Other</c>.</summary>
    public string? RoleName { get; init; }
}

public static class ChangeTeamMemberRoleEndpoint
{
    public static ProblemDetails Validate(
        ChangeTeamMemberRole command, string personId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = TeamRoles.Check(new FieldErrors(), command.Role, command.RoleName);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var person = PersonIds.Normalize(personId);
        if (account.SeatOf(person) is not { } seat)
        {
            return Problems.NotFound("Team member", person);
        }

        if (seat.Role == command.Role && seat.RoleName == TeamRoles.Name(command.Role, command.RoleName))
        {
            return Problems.Rule("role-unchanged", $"{person} already has that role.");
        }

        return RoleChangeRules.NotBefore(command.EffectiveDate(now), seat.Since, $"{person} has had the role {seat.Role}");
    }

    /// <summary>Change a team member's role.</summary>
    /// <remarks>Appends <c>AccountTeamMemberRoleChanged</c>. 404 when the person is not on the team.</remarks>
    [WolverinePost("/api/accounts/{accountId}/team/members/{personId}/role-changes", OperationId = "ChangeTeamMemberRole")]
    [Tags("Account team")]
    public static Events Post(
        ChangeTeamMemberRole command, string personId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user)
    {
        var person = PersonIds.Normalize(personId);
        return
        [
            new AccountTeamMemberRoleChanged(account.Id, person, account.SeatOf(person)!.Role, command.Role!.Value,
                TeamRoles.Name(command.Role, command.RoleName), command.EffectiveDate(now), command.When(now), user.Actor()),
        ];
    }
}
