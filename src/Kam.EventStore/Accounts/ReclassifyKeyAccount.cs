using JasperFx.Events;
using System.Security.Claims;
using Kam.EventStore.Infrastructure;
using Marten.Events;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

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
    public static ProblemDetails Validate(ReclassifyKeyAccount command, KeyAccount account, IEventStream<KeyAccount> stream, HttpContext context, TimeProvider clock)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).Defined("tier", command.Tier);
        errors.Present("tier", command.Tier);

        var problem = AccountChangeRules.Check(command, errors, account, stream.StartingVersion, context, clock.GetUtcNow());
        if (Problems.Found(problem))
        {
            return problem;
        }

        return command.Tier == account.Tier
            ? Problems.Rule("tier-unchanged", $"The account is already in tier {account.Tier}.")
            : Problems.None;
    }

    /// <summary>Move the account to another tier.</summary>
    /// <remarks>Appends <c>KeyAccountReclassified</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/reclassifications", OperationId = "ReclassifyKeyAccount")]
    [Tags("Accounts")]
    public static (AccountWritten, Events) Post(
        ReclassifyKeyAccount command, [WriteAggregate("accountId")] KeyAccount account, IEventStream<KeyAccount> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (stream.Written(),
        [
            new KeyAccountReclassified(account.Id, account.Tier, command.Tier!.Value, command.Reason.Trim(), command.When(clock), user.Actor()),
        ]);
}
