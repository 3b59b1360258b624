using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.People;

/// <summary>What every change to a registered person carries besides its own fields.</summary>
public interface IPersonChange : IExpectVersion
{
    /// <summary>When it happened (was decided) in business time; defaults to the start of the change's own past date, else now; not in the future.</summary>
    DateTimeOffset? OccurredAt { get; }
}

/// <summary>What a successful write answers: the person written to, their stream's version after the write, and the business time recorded.</summary>
/// <param name="PersonId">The person written to (normalised person id).</param>
/// <param name="Version">The person's version after the write; send it as the expected version of the next write.</param>
/// <param name="OccurredAt">The business time recorded on the fact: as the request gave it (an instant, or the start of a past date), or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record PersonWritten(string PersonId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

/// <summary>The checks every change to a registered person starts with, in the order clients need them.</summary>
public static class PersonChangeRules
{
    /// <summary>Unknown person (404, naming the person id rather than the stream), then field errors (400).</summary>
    public static ProblemDetails Check(IPersonChange change, FieldErrors errors, Colleague? colleague, string personId, DateTimeOffset now) =>
        colleague is null
            ? Problems.NotFound("Person", PersonIds.Normalize(personId))
            : errors.NotInFuture("occurredAt", change.OccurredAt, now).ToProblem();

    /// <summary>The business time of the change: as given, else the start of its own past date, else now.</summary>
    public static DateTimeOffset When(this IPersonChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.Resolve(change.OccurredAt, on, now);

    /// <summary>The 409 of a change to a person who has left: their record is closed.</summary>
    public static ProblemDetails? Closed(Colleague colleague) => colleague.LeftOn is { } leftOn
        ? Problems.Conflict("person-left", $"Person {colleague.PersonId} left the company on {leftOn:yyyy-MM-dd}; their record is closed.")
        : null;
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
