using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Assign a key account manager to an account that has none (to replace one, hand the account over).</summary>
public sealed record AssignAccountManager : RoleChange
{
    /// <summary>The person id (employee id or e-mail) of the new KAM, from the people directory.</summary>
    /// <example>anna.virtanen@example.com</example>
    public string PersonId { get; init; } = "";

    /// <summary>Optional note on the assignment.</summary>
    public string? Note { get; init; }
}

public static class AssignAccountManagerEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        AssignAccountManager command, AccountRelationships account, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var errors = new FieldErrors().PersonId("personId", command.PersonId, required: true).Optional("note", command.Note, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        if (account.ManagerPersonId is { } current)
        {
            return Problems.Conflict("kam-already-assigned", $"{current} is the account's KAM; hand the account over instead.");
        }

        return Problems.FirstOf(
            RoleChangeRules.NotOverlapping(command.EffectiveDate(now), account.LastManagerChangeOn, "The previous KAM held the account"),
            await PeopleDirectory.Known(session, "personId", [command.PersonId], command.EffectiveDate(now), cancellation));
    }

    /// <summary>Assign a KAM to an account without one.</summary>
    /// <remarks>Appends <c>AccountManagerAssigned</c>. 409 when the account already has a KAM.</remarks>
    [WolverinePost("/api/accounts/{accountId}/account-manager/assignments", OperationId = "AssignAccountManager")]
    [Tags("Account manager")]
    public static Events Post(
        AssignAccountManager command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new AccountManagerAssigned(account.Id, PersonIds.Normalize(command.PersonId), command.EffectiveDate(now), command.Note?.Trim(),
                command.When(now), user.Actor()),
        ];
}
