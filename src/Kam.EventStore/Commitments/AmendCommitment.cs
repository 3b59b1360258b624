using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// Amend a commitment's due date, scope or value, with a reason. Give only what changes. A changed value or discount is
/// checked against the maker's authority in force on the amendment's date; beyond it the commitment goes through approval again.
/// </summary>
public sealed record AmendCommitment : CommitmentChange
{
    /// <summary>The new description (scope).</summary>
    public string? Description { get; init; }

    /// <summary>The new value.</summary>
    public Money? Value { get; init; }

    /// <summary>The new discount, in percent.</summary>
    public decimal? DiscountPercent { get; init; }

    /// <summary>The new due date; not before the date the commitment was made.</summary>
    /// <example>2027-03-31</example>
    public DateOnly? DueOn { get; init; }

    /// <summary>Why it was amended.</summary>
    /// <example>Customer asked to align with their budget year</example>
    public string Reason { get; init; } = "";
}

public static class AmendCommitmentEndpoint
{
    public static async Task<Person?> LoadAsync(Guid commitmentId, IQuerySession session, CancellationToken cancellation)
    {
        var commitment = await session.LoadAsync<Commitment>(commitmentId, cancellation);
        return commitment is null ? null : await session.LoadAsync<Person>(PersonIds.StreamId(commitment.MadeBy), cancellation);
    }

    public static ProblemDetails Validate(AmendCommitment command, Commitment commitment, DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Required("reason", command.Reason, FieldErrors.LongText)
            .Optional("description", command.Description, FieldErrors.LongText)
            .Money("value", command.Value, required: false);
        CommitmentTerms.Check(errors, commitment.Kind, command.DiscountPercent, commitment.MadeOn, command.DueOn ?? commitment.DueOn);
        var dated = CommitmentRules.Dated(errors, command, commitment, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var amended = Terms(command, commitment);
        return amended == (commitment.Description, commitment.Value, commitment.DiscountPercent, commitment.DueOn)
            ? Problems.Rule("nothing-changed", "Every given term already holds that value.")
            : Problems.None;
    }

    /// <summary>Amend a commitment.</summary>
    /// <remarks>
    /// Appends <c>CommitmentAmended</c>, dated <c>occurredAt</c> (default now), with the new terms and the authority check applied
    /// to them on that date. A changed due date schedules a new overdue check (the old one finds its date stale).
    /// </remarks>
    [WolverinePost("/api/commitments/{commitmentId}/amendments", OperationId = "AmendCommitment")]
    [Tags("Commitments")]
    public static (Events, OutgoingMessages) Post(
        AmendCommitment command, [WriteCommitment] Commitment commitment, Person? maker, DateTimeOffset now, ClaimsPrincipal user)
    {
        var (description, value, discount, dueOn) = Terms(command, commitment);
        var on = command.On(now);
        var check = value == commitment.Value && discount == commitment.DiscountPercent
            ? null
            : AuthorityChecks.Check(commitment.MadeBy, maker?.AuthorityOn(on), on, commitment.Kind, value, discount);
        var messages = new OutgoingMessages();
        if (dueOn != commitment.DueOn)
        {
            DueChecks.Schedule(messages, commitment.Id, dueOn);
        }

        return ([new CommitmentAmended(commitment.AccountId, commitment.Id, description, value, discount, dueOn, command.Reason.Trim(), check, command.When(now),
            user.Actor())], messages);
    }

    private static (string, Money?, decimal?, DateOnly?) Terms(AmendCommitment command, Commitment commitment) =>
        (command.Description?.Trim() ?? commitment.Description, command.Value ?? commitment.Value,
            command.DiscountPercent ?? commitment.DiscountPercent, command.DueOn ?? commitment.DueOn);
}
