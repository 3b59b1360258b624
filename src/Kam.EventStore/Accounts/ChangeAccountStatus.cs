using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Accounts;

/// <summary>Record a change in the relationship's health: Active, AtRisk or Dormant, with the reason.</summary>
public sealed record ChangeAccountStatus : AccountChange
{
    /// <summary>The new status.</summary>
    /// <example>AtRisk</example>
    public AccountHealth? Status { get; init; }

    /// <summary>Why the status changed.</summary>
    /// <example>Competitor won the 2027 framework tender</example>
    public string Reason { get; init; } = "";
}

public static class ChangeAccountStatusEndpoint
{
    public static ProblemDetails Validate(ChangeAccountStatus command, KeyAccount account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).Defined("status", command.Status)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        errors.Present("status", command.Status);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var at = command.When(now);
        return Problems.FirstOf(
            AccountChangeRules.NotBeforeDesignation("occurredAt", BusinessTime.Today(at), account.DesignatedOn),
            BusinessTime.NotBefore("occurredAt", at, account.StatusSince, "The account's latest status change"),
            command.Status == account.Status ? Problems.Rule("status-unchanged", $"The account's status is already {account.Status}.") : Problems.None);
    }

    /// <summary>Record a change in the relationship's health.</summary>
    /// <remarks>Appends <c>AccountStatusChanged</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/status-changes", OperationId = "ChangeAccountStatus")]
    [Tags("Accounts")]
    public static Events Post(
        ChangeAccountStatus command, [WriteAggregate("accountId")] KeyAccount account, [Entity("accountId", Required = false)] Portfolio.AccountStatus? status,
        DateTimeOffset now, ClaimsPrincipal user) =>
        [new AccountStatusChanged(account.Id, account.Status, command.Status!.Value, command.Reason.Trim(), command.When(now), user.Actor())];
}
