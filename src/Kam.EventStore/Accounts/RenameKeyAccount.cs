using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Accounts;

/// <summary>Record that the customer changed its name. To fix a name recorded wrongly, correct the details instead.</summary>
public sealed record RenameKeyAccount : AccountChange
{
    /// <summary>The customer's new name.</summary>
    /// <example>Nordic Paper Group Oy</example>
    public string Name { get; init; } = "";

    /// <summary>Why, e.g. the merger or rebranding behind it.</summary>
    /// <example>Merged with Baltic Board AB</example>
    public string? Reason { get; init; }
}

public static class RenameKeyAccountEndpoint
{
    public static ProblemDetails Validate(RenameKeyAccount command, KeyAccount account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("name", command.Name).Optional("reason", command.Reason, FieldErrors.LongText)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var at = command.When(now);
        return Problems.FirstOf(
            AccountChangeRules.NotBeforeDesignation("occurredAt", BusinessTime.Today(at), account.DesignatedOn),
            BusinessTime.NotBefore("occurredAt", at, account.NameSince, "The account's latest change of name"),
            command.Name.Trim() == account.Name ? Problems.Rule("name-unchanged", $"The account is already named '{account.Name}'.") : Problems.None);
    }

    /// <summary>Record that the customer changed its name.</summary>
    /// <remarks>Appends <c>KeyAccountRenamed</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/renames", OperationId = "RenameKeyAccount")]
    [Tags("Accounts")]
    public static Events Post(RenameKeyAccount command, [WriteAggregate("accountId")] KeyAccount account,
        [Entity("accountId", Required = false)] Portfolio.AccountStatus? status, DateTimeOffset now, ClaimsPrincipal user) =>
        [new KeyAccountRenamed(account.Id, account.Name, command.Name.Trim(), command.Reason?.Trim(), command.When(now), user.Actor())];
}
