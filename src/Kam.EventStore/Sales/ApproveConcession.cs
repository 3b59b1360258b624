using System.Security.Claims;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>
/// Approve a concession beyond its negotiator's authority. The approver is the caller (by person id): their own authority
/// in force on the approval's date must cover it, and no negotiator approves their own concession (the rule of commitments).
/// </summary>
public sealed record ApproveConcession : SalesChange
{
    /// <summary>Optional note on the approval.</summary>
    /// <example>Within the 2027 pricing policy for strategic accounts</example>
    public string? Note { get; init; }
}

public static class ApproveConcessionEndpoint
{
    public static Task<Person?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        ApproveCommitmentEndpoint.LoadAsync(user, session, cancellation);

    public static ProblemDetails Validate(
        ApproveConcession command, Guid concessionId, Negotiation negotiation, Person? approver, ClaimsPrincipal user, DateTimeOffset now)
    {
        var errors = new FieldErrors().Optional("note", command.Note, FieldErrors.LongText);
        var dated = SalesRules.Dated(errors, command, negotiation.LastFactAt, "The negotiation's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var pending = Pending(negotiation, concessionId, out var concession);
        return Problems.Found(pending) ? pending : Approval(concession!, approver, user, command.On(now), out _);
    }

    /// <summary>The approval rule every approval follows (<see cref="AuthorityChecks.Approval"/>), applied to a concession's terms.</summary>
    public static ProblemDetails Approval(Concession concession, Person? approver, ClaimsPrincipal user, DateOnly on, out AuthorityCheck? check) =>
        AuthorityChecks.Approval(approver, user.Actor(), concession.OfferedByPersonId, on, concession.Kind.AsCommitment(), concession.Value,
            concession.DiscountPercent, out check);

    /// <summary>The concession exists (404) and waits for approval (409 <c>not-pending-approval</c>).</summary>
    public static ProblemDetails Pending(Negotiation negotiation, Guid concessionId, out Concession? concession)
    {
        concession = negotiation.Concession(concessionId);
        if (concession is null)
        {
            return Problems.NotFound("Concession", concessionId);
        }

        return concession.Status == ConcessionStatus.PendingApproval
            ? Problems.None
            : Problems.Conflict("not-pending-approval", $"The concession is {concession.Status}, not pending approval.");
    }

    /// <summary>Approve a concession pending approval.</summary>
    /// <remarks>
    /// Appends <c>ConcessionApproved</c> with the approver's authority check on the approval's date (<c>occurredAt</c>, default
    /// now); the concession may then be granted. 422 <c>self-approval</c> for its own negotiator, <c>approver-lacks-authority</c>
    /// when the approver's authority does not cover it.
    /// </remarks>
    [WolverinePost("/api/negotiations/{negotiationId}/concessions/{concessionId}/approval", OperationId = "ApproveConcession")]
    [Tags("Sales")]
    public static Events Post(
        ApproveConcession command, Guid concessionId, [WriteAggregate] Negotiation negotiation, Person? approver, DateTimeOffset now, ClaimsPrincipal user)
    {
        Approval(negotiation.Concession(concessionId)!, approver, user, command.On(now), out var check);
        return
        [
            new ConcessionApproved(negotiation.AccountId, negotiation.Id, concessionId, approver!.PersonId, check!, command.Note?.Trim(), command.When(now),
                user.Actor()),
        ];
    }
}
