using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.People;

/// <summary>
/// Record that a person left the company. Their history stays readable; their authority ends after their last day,
/// and their record takes no further changes.
/// </summary>
public sealed record RecordPersonDeparture : IPersonChange
{
    /// <summary>
    /// The person's last day with us. Not in the future: a departure is recorded once it has happened, because it
    /// closes the record at once (a planned leaving date would block changes still due before it). Defaults to the date of
    /// <c>occurredAt</c>, else today.
    /// </summary>
    /// <example>2026-10-31</example>
    public DateOnly? LeftOn { get; init; }

    /// <summary>Why they left, in business terms; optional (leave personal details out).</summary>
    /// <example>Moved to another employer</example>
    public string? Reason { get; init; }

    /// <inheritdoc />
    public long? Version { get; init; }

    /// <inheritdoc />
    public DateTimeOffset? OccurredAt { get; init; }
}

public static class RecordPersonDepartureEndpoint
{
    /// <summary>The person's stream, from the route's person id (Wolverine loads the write model by it).</summary>
    public static Guid PersonStream(string personId) => PersonIds.StreamId(personId);

    public static ProblemDetails Validate(RecordPersonDeparture command, Colleague? colleague, string personId, DateTimeOffset now) =>
        PersonChangeRules.Check(command, new FieldErrors().Optional("reason", command.Reason, FieldErrors.LongText).NotInFuture("leftOn", command.LeftOn, now),
            colleague, personId, now);

    /// <summary>Record that a person left the company.</summary>
    /// <remarks>
    /// Appends <c>PersonLeftCompany</c>. Their authority ends after <c>leftOn</c>; afterwards every change to the person
    /// answers 409, and they can no longer be named as a KAM, manager or approver.
    /// </remarks>
    [WolverinePost("/api/people/{personId}/departure", OperationId = "RecordPersonDeparture")]
    [Tags("People")]
    public static Events Post(
        RecordPersonDeparture command,
        [WriteAggregate(FromMethod = nameof(PersonStream), Required = false)] Colleague colleague,
        DateTimeOffset now,
        ClaimsPrincipal user)
    {
        // Not Required: Validate answers an unknown person with a 404 naming the person id (not the stream id),
        // so this runs only with a loaded person.
        var leftOn = BusinessTime.DateOf(command.OccurredAt, command.LeftOn, now);
        return [new PersonLeftCompany(colleague.PersonId, leftOn, command.Reason?.Trim(), command.When(now, leftOn), user.Actor())];
    }
}
