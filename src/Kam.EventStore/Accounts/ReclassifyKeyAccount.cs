using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Accounts;

/// <summary>Move the account to another tier of the key-account portfolio.</summary>
public sealed record ReclassifyKeyAccount : AccountChange
{
    /// <summary>The new tier: Strategic, Key or Development.</summary>
    /// <example>Strategic</example>
    public AccountTier? Tier { get; init; }

    /// <summary>Why the tier changed.</summary>
    /// <example>Annual portfolio review 2027</example>
    public string Reason { get; init; } = "";
}

public static class ReclassifyKeyAccountEndpoint
{
    public static ProblemDetails Validate(ReclassifyKeyAccount command, KeyAccount account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).Defined("tier", command.Tier)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        errors.Present("tier", command.Tier);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var at = command.When(now);
        return Problems.FirstOf(
            AccountChangeRules.NotBeforeDesignation("occurredAt", BusinessTime.Today(at), account.DesignatedOn),
            BusinessTime.NotBefore("occurredAt", at, account.TierSince, "The account's latest reclassification"),
            command.Tier == account.Tier ? Problems.Rule("tier-unchanged", $"The account is already in tier {account.Tier}.") : Problems.None);
    }

    /// <summary>Move the account to another tier.</summary>
    /// <remarks>Appends <c>KeyAccountReclassified</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/reclassifications", OperationId = "ReclassifyKeyAccount")]
    [Tags("Accounts")]
    public static Events Post(ReclassifyKeyAccount command, [WriteAggregate("accountId")] KeyAccount account,
        [Entity("accountId", Required = false)] Portfolio.AccountStatus? status, DateTimeOffset now, ClaimsPrincipal user) =>
        [new KeyAccountReclassified(account.Id, account.Tier, command.Tier!.Value, command.Reason.Trim(), command.When(now), user.Actor())];
}
