using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record that the KAM left the account with nobody taking over yet.</summary>
public sealed record VacateAccountManager : RoleChange
{
    /// <summary>Why the position became vacant.</summary>
    /// <example>KAM left the company</example>
    public string Reason { get; init; } = "";
}

public static class VacateAccountManagerEndpoint
{
    public static ProblemDetails Validate(VacateAccountManager command, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        return account.ManagerPersonId is not { } current
            ? Problems.Conflict("no-kam", "The account's KAM position is already vacant.")
            : RoleChangeRules.NotBefore(command.EffectiveDate(now), account.ManagerSince, $"{current} has held the account");
    }

    /// <summary>Record that the KAM position became vacant.</summary>
    /// <remarks>Appends <c>AccountManagerPositionVacated</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/account-manager/vacancies", OperationId = "VacateAccountManager")]
    [Tags("Account manager")]
    public static Events Post(
        VacateAccountManager command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new AccountManagerPositionVacated(account.Id, account.ManagerPersonId!, command.EffectiveDate(now), command.Reason.Trim(),
                command.When(now), user.Actor()),
        ];
}
