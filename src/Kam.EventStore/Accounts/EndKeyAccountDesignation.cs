using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Accounts;

/// <summary>End the customer's key-account designation. The history stays readable; no further changes are accepted.</summary>
public sealed record EndKeyAccountDesignation : AccountChange
{
    /// <summary>The business date the designation ended; defaults to the date of <c>occurredAt</c>, else today; not before it began, not in the future.</summary>
    /// <example>2027-06-30</example>
    public DateOnly? EndedOn { get; init; }

    /// <summary>Why it ended.</summary>
    /// <example>No longer meets the revenue criterion after the divestment</example>
    public string Reason { get; init; } = "";
}

public static class EndKeyAccountDesignationEndpoint
{
    public static ProblemDetails Validate(EndKeyAccountDesignation command, KeyAccount account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText)
            .NotInFuture("endedOn", command.EndedOn, now).NotInFuture("occurredAt", command.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var endedOn = command.EndedOn ?? BusinessTime.Today(command.When(now));
        return Problems.FirstOf(
            endedOn < account.DesignatedOn
                ? Problems.Rule("reversed-range", $"endedOn: {endedOn:yyyy-MM-dd} is before the designation began on {account.DesignatedOn:yyyy-MM-dd}.")
                : Problems.None,
            BusinessTime.NotBefore("endedOn", BusinessTime.Resolve(command.OccurredAt, endedOn, now), new[] { account.NameSince, account.TierSince, account.StatusSince }.Max(),
                "The account's latest change"));
    }

    /// <summary>End the key-account designation.</summary>
    /// <remarks>Appends <c>KeyAccountDesignationEnded</c>; afterwards every change to the account answers 409.</remarks>
    [WolverinePost("/api/accounts/{accountId}/designation-end", OperationId = "EndKeyAccountDesignation")]
    [Tags("Accounts")]
    public static Events Post(EndKeyAccountDesignation command, [WriteAggregate("accountId")] KeyAccount account,
        [Entity("accountId", Required = false)] Portfolio.AccountStatus? status, DateTimeOffset now, ClaimsPrincipal user)
    {
        var endedOn = command.EndedOn ?? BusinessTime.Today(command.When(now));
        return [new KeyAccountDesignationEnded(account.Id, endedOn, command.Reason.Trim(), BusinessTime.Resolve(command.OccurredAt, endedOn, now), user.Actor())];
    }
}
