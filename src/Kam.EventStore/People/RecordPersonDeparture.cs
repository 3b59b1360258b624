using System.Security.Claims;
using Kam.EventStore.Infrastructure;
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
    /// closes the record at once (a planned leaving date would block changes still due before it).
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

    public static ProblemDetails Validate(
        RecordPersonDeparture command, Colleague? colleague, string personId, HttpContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var errors = new FieldErrors()
            .Optional("reason", command.Reason, FieldErrors.LongText)
            .NotInFuture("leftOn", command.LeftOn, now);
        errors.Present("leftOn", command.LeftOn);

        return PersonChangeRules.Check(command, errors, colleague, personId, context, now);
    }

    /// <summary>Record that a person left the company.</summary>
    /// <remarks>Appends <c>PersonLeftCompany</c>; afterwards every change to the person answers 409.</remarks>
    [WolverinePost("/api/people/{personId}/departure", OperationId = "RecordPersonDeparture")]
    [Tags("People")]
    public static (PersonWritten, Events) Post(
        RecordPersonDeparture command,
        [WriteAggregate(FromMethod = nameof(PersonStream), Required = false)] Colleague colleague,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        // Not Required: Validate answers an unknown person with a 404 naming the person id (not the stream id),
        // so this runs only with a loaded person.
        (colleague.Written(),
        [
            new PersonLeftCompany(colleague.PersonId, command.LeftOn!.Value, command.Reason?.Trim(), command.When(clock), user.Actor()),
        ]);
}
