using JasperFx.Events;
using System.Security.Claims;
using Kam.EventStore.Infrastructure;
using Marten.Events;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Accounts;

/// <summary>End the customer's key-account designation. The history stays readable; no further changes are accepted.</summary>
public sealed record EndKeyAccountDesignation : AccountChange
{
    /// <summary>The business date the designation ended; not before it began, not in the future.</summary>
    /// <example>2027-06-30</example>
    public DateOnly? EndedOn { get; init; }

    /// <summary>Why it ended.</summary>
    /// <example>No longer meets the revenue criterion after the divestment</example>
    public string Reason { get; init; } = "";
}

public static class EndKeyAccountDesignationEndpoint
{
    public static ProblemDetails Validate(EndKeyAccountDesignation command, KeyAccount account, IEventStream<KeyAccount> stream, HttpContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText).NotInFuture("endedOn", command.EndedOn, now);
        if (command.EndedOn is null)
        {
            errors.Add("endedOn", "Required.");
        }
        else if (command.EndedOn < account.DesignatedOn)
        {
            errors.Add("endedOn", $"Must not be before the designation date {account.DesignatedOn:yyyy-MM-dd}.");
        }

        return AccountChangeRules.Check(command, errors, account, stream.StartingVersion, context, now);
    }

    /// <summary>End the key-account designation.</summary>
    /// <remarks>Appends <c>KeyAccountDesignationEnded</c>; afterwards every change to the account answers 409.</remarks>
    [WolverinePost("/api/accounts/{accountId}/designation-end", OperationId = "EndKeyAccountDesignation")]
    [Tags("Accounts")]
    public static (AccountWritten, Events) Post(
        EndKeyAccountDesignation command, [WriteAggregate("accountId")] KeyAccount account, IEventStream<KeyAccount> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (stream.Written(),
        [
            new KeyAccountDesignationEnded(account.Id, command.EndedOn!.Value, command.Reason.Trim(), command.When(clock), user.Actor()),
        ]);
}
