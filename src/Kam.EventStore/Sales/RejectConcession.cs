using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Reject a concession pending approval: it may not be granted.</summary>
public sealed record RejectConcession : SalesChange
{
    /// <summary>Why.</summary>
    /// <example>Beyond the 2027 pricing policy</example>
    public string Reason { get; init; } = "";
}

public static class RejectConcessionEndpoint
{
    public static Task<Person?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        Commitments.ApproveCommitmentEndpoint.LoadAsync(user, session, cancellation);

    public static ProblemDetails Validate(RejectConcession command, Guid concessionId, Negotiation negotiation, Person? approver, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = SalesRules.Dated(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), command, negotiation.LastFactAt,
            "The negotiation's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var pending = ApproveConcessionEndpoint.Pending(negotiation, concessionId, out _);
        if (Problems.Found(pending))
        {
            return pending;
        }

        return approver is null
            ? Problems.Rule("unknown-person", $"The caller '{user.Actor()}' is not in the people directory, so cannot decide on approvals.")
            : Problems.None;
    }

    /// <summary>Reject a concession pending approval.</summary>
    /// <remarks>Appends <c>ConcessionRejected</c> with the reason; the rejecter is the caller.</remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/concessions/{concessionId}/rejection", OperationId = "RejectConcession")]
    [Tags("Sales")]
    public static Events Post(
        RejectConcession command, Guid concessionId, [WriteAggregate] Negotiation negotiation, Person? approver, DateTimeOffset now, ClaimsPrincipal user) =>
        [new ConcessionRejected(negotiation.AccountId, negotiation.Id, concessionId, approver!.PersonId, command.Reason.Trim(), command.When(now), user.Actor())];
}
