using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Withdraw a concession before it was granted.</summary>
public sealed record WithdrawConcession : SalesChange
{
    /// <summary>Why.</summary>
    /// <example>The customer accepted the two-year term instead</example>
    public string Reason { get; init; } = "";
}

public static class WithdrawConcessionEndpoint
{
    public static ProblemDetails Validate(WithdrawConcession command, Guid concessionId, Negotiation negotiation, DateTimeOffset now)
    {
        var dated = SalesRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, negotiation.LastFactAt,
            "The negotiation's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (negotiation.Concession(concessionId) is not { } concession)
        {
            return Problems.NotFound("Concession", concessionId);
        }

        return concession.IsOpen
            ? Problems.None
            : Problems.Conflict("concession-closed", $"The concession is {concession.Status}; only an offered or pending one is withdrawn.");
    }

    /// <summary>Withdraw a concession.</summary>
    /// <remarks>Appends <c>ConcessionWithdrawn</c> with the reason.</remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/concessions/{concessionId}/withdrawal", OperationId = "WithdrawConcession")]
    [Tags("Sales")]
    public static Events Post(WithdrawConcession command, Guid concessionId, [WriteAggregate] Negotiation negotiation, DateTimeOffset now, ClaimsPrincipal user) =>
        [new ConcessionWithdrawn(negotiation.AccountId, negotiation.Id, concessionId, command.Reason.Trim(), command.When(now), user.Actor())];
}
