using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record how the current KAM's role is organised on this account from a date.</summary>
public sealed record OrganiseKamRole : RoleChange
{
    /// <summary>Expert or Managerial.</summary>
    /// <example>Managerial</example>
    public KamRoleKind? Role { get; init; }

    /// <summary>The person id of the KAM's own manager.</summary>
    public string? ManagerPersonId { get; init; }

    /// <summary>Share of the KAM's working time spent on sales, 0-100.</summary>
    /// <example>40</example>
    public int? SalesSharePercent { get; init; }

    /// <summary>Person ids of the KAM's direct reports on this account.</summary>
    public IReadOnlyList<string> DirectReports { get; init; } = [];
}

public static class OrganiseKamRoleEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        OrganiseKamRole command, AccountRelationships account, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Defined("role", command.Role)
            .PersonId("managerPersonId", command.ManagerPersonId, required: false)
            .Texts("directReports", command.DirectReports, required: false);
        errors.Present("role", command.Role);

        if (command.SalesSharePercent is null or < 0 or > 100)
        {
            errors.Add("salesSharePercent", "Required, between 0 and 100.");
        }

        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (account.ManagerPersonId is not { } kam)
        {
            return Problems.Conflict("no-kam", "The account has no KAM whose role could be organised.");
        }

        var others = command.DirectReports.Append(command.ManagerPersonId ?? "").Where(p => p.Length > 0).Select(PersonIds.Normalize);
        if (others.Contains(kam))
        {
            return Problems.Rule("kam-reports-to-self", "The KAM can be neither their own manager nor their own direct report.");
        }

        return Problems.FirstOf(
            RoleChangeRules.NotBefore(command.EffectiveDate(now), account.ManagerSince, $"{kam} has held the account"),
            await PeopleDirectory.Known(session, "managerPersonId", command.ManagerPersonId is { } m ? [m] : [], command.EffectiveDate(now), cancellation),
            await PeopleDirectory.Known(session, "directReports", command.DirectReports, command.EffectiveDate(now), cancellation));
    }

    /// <summary>Record how the KAM role is organised on the account.</summary>
    /// <remarks>Appends <c>KamRoleOrganised</c> for the current KAM.</remarks>
    [WolverinePost("/api/accounts/{accountId}/account-manager/role-terms", OperationId = "OrganiseKamRole")]
    [Tags("Account manager")]
    public static Events Post(
        OrganiseKamRole command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new KamRoleOrganised(account.Id, account.ManagerPersonId!, command.Role!.Value,
                command.ManagerPersonId is { } m ? PersonIds.Normalize(m) : null, command.SalesSharePercent!.Value,
                [.. command.DirectReports.Select(PersonIds.Normalize).Distinct()], command.EffectiveDate(now), command.When(now), user.Actor()),
        ];
}
