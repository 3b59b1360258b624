using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Add one of our people to the internal account team, with a role.</summary>
public sealed record AddTeamMember : RoleChange
{
    /// <summary>The person id of the new member.</summary>
    /// <example>carl.nyberg@example.com</example>
    public string PersonId { get; init; } = "";

    /// <summary>The member's role on the account.</summary>
    /// <example>TechnicalLead</example>
    public TeamRole? Role { get; init; }

    /// <summary>The role's name, required when <c>role</c> is <c>Other</c>.</summary>
    public string? RoleName { get; init; }
}

public static class AddTeamMemberEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        AddTeamMember command, AccountRelationships account, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var errors = TeamRoles.Check(new FieldErrors().PersonId("personId", command.PersonId, required: true), command.Role, command.RoleName);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var person = PersonIds.Normalize(command.PersonId);
        if (account.SeatOf(person) is { } seat)
        {
            return Problems.Conflict("already-on-team", $"{person} is on the account team as {seat.Role} since {seat.Since:yyyy-MM-dd}.");
        }

        return Problems.FirstOf(
            RoleChangeRules.NotOverlapping(command.EffectiveDate(now), account.LeftTeamOn.TryGetValue(person, out var left) ? left : null,
                $"{person} was on the team"),
            await PeopleDirectory.Known(session, "personId", [command.PersonId], command.EffectiveDate(now), cancellation));
    }

    /// <summary>Add a member to the account team.</summary>
    /// <remarks>Appends <c>AccountTeamMemberAdded</c>. 409 when the person is already on the team.</remarks>
    [WolverinePost("/api/accounts/{accountId}/team/members", OperationId = "AddTeamMember")]
    [Tags("Account team")]
    public static Events Post(
        AddTeamMember command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new AccountTeamMemberAdded(account.Id, PersonIds.Normalize(command.PersonId), command.Role!.Value, TeamRoles.Name(command.Role, command.RoleName),
                command.EffectiveDate(now), command.When(now), user.Actor()),
        ];
}

/// <summary>Team roles are one of the named ones, or <c>Other</c> with a name.</summary>
public static class TeamRoles
{
    public static FieldErrors Check(FieldErrors errors, TeamRole? role, string? roleName)
    {
        errors.Defined("role", role).Optional("roleName", roleName);
        if (role is null)
        {
            errors.Add("role", "Required.");
        }
        else if (role == TeamRole.Other && string.IsNullOrWhiteSpace(roleName))
        {
            errors.Add("roleName", "Required when the role is Other.");
        }

        return errors;
    }

    /// <summary>The stored role name: only meaningful for <c>Other</c>.</summary>
    public static string? Name(TeamRole? role, string? roleName) => role == TeamRole.Other ? roleName?.Trim() : null;
}
