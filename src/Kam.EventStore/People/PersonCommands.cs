using Kam.EventStore.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.People;

/// <summary>What every change to a registered person carries besides its own fields.</summary>
public interface IPersonChange
{
    /// <summary>
    /// The person's version the change was decided on (from a read's <c>version</c> or <c>ETag</c>).
    /// Optional; may also be sent as <c>If-Match</c>. A mismatch is refused with 409.
    /// </summary>
    long? Version { get; }

    /// <summary>When it happened (was decided) in business time; defaults to now, may be backdated, not in the future.</summary>
    DateTimeOffset? OccurredAt { get; }
}

/// <summary>What a successful write answers: the person written to and their stream's version after the write.</summary>
/// <param name="PersonId">The person written to (normalised person id).</param>
/// <param name="Version">The person's version after the write; send it as the expected version of the next write.</param>
public sealed record PersonWritten(string PersonId, long Version);

/// <summary>The checks every change to a registered person starts with, in the order clients need them.</summary>
public static class PersonChangeRules
{
    /// <summary>
    /// Unknown person (404), then field errors (400), then the expected version (409), then whether the person is
    /// still with us (409): the record of someone who left keeps its history but takes no new facts.
    /// </summary>
    public static ProblemDetails Check(
        IPersonChange change, FieldErrors errors, Colleague? colleague, string personId, HttpContext context, DateTimeOffset now)
    {
        if (colleague is null)
        {
            return Problems.NotFound("Person", PersonIds.Normalize(personId));
        }

        errors.NotInFuture("occurredAt", change.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var version = ExpectedVersion.Check(context, change.Version, colleague.Version);
        if (Problems.Found(version))
        {
            return version;
        }

        return colleague.LeftOn is { } leftOn
            ? Problems.Conflict("person-left", $"Person {colleague.PersonId} left the company on {leftOn:yyyy-MM-dd}; their record is closed.")
            : Problems.None;
    }

    /// <summary>The business time of the change: as given, else now.</summary>
    public static DateTimeOffset When(this IPersonChange change, TimeProvider clock) => change.OccurredAt ?? clock.GetUtcNow();

    /// <summary>The answer to a write that appended <paramref name="appended" /> events to the person.</summary>
    public static PersonWritten Written(this Colleague colleague, int appended = 1) => new(colleague.PersonId, colleague.Version + appended);
}

/// <summary>Checks on a person named by another person's record: a manager or an approver.</summary>
public static class PersonReferences
{
    /// <summary>
    /// <paramref name="referenced" /> (in the role <paramref name="role" />, e.g. "manager") must be a registered person
    /// other than <paramref name="self" /> who has not left. Each failure is a 422 whose rule names the role.
    /// </summary>
    public static async Task<ProblemDetails> Check(
        IQuerySession session, string role, string? referenced, string self, CancellationToken cancellation)
    {
        if (referenced is null)
        {
            return Problems.None;
        }

        var id = PersonIds.Normalize(referenced);
        if (id == PersonIds.Normalize(self))
        {
            return Problems.Rule($"own-{role}", $"A person cannot be their own {role}.");
        }

        var person = await session.LoadAsync<Person>(PersonIds.StreamId(id), cancellation);
        if (person is null)
        {
            return Problems.Rule($"unknown-{role}", $"The {role} '{id}' is not a registered person.");
        }

        return person.HasLeft
            ? Problems.Rule($"{role}-left", $"The {role} '{id}' left the company on {person.LeftOn:yyyy-MM-dd}.")
            : Problems.None;
    }

    /// <summary>A person id field: when given, well formed.</summary>
    public static FieldErrors PersonId(this FieldErrors errors, string field, string? personId, bool required)
    {
        if (personId is null)
        {
            return required ? errors.Add(field, "Required.") : errors;
        }

        return PersonIds.IsWellFormed(personId)
            ? errors
            : errors.Add(field, $"Must be an employee id or e-mail address: letters, digits and . _ - + @, at most {PersonIds.MaxLength} characters.");
    }
}
