using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.People;

/// <summary>Register one of our own people in the directory, so account events can name them.</summary>
public sealed record RegisterPerson
{
    /// <summary>The person's stable id: employee id or e-mail address, compared without case.</summary>
    /// <example>maija.virtanen@example.com</example>
    public string PersonId { get; init; } = "";

    /// <summary>Full name.</summary>
    /// <example>Maija Virtanen</example>
    public string Name { get; init; } = "";

    /// <summary>Job title.</summary>
    /// <example>Senior Key Account Manager</example>
    public string Title { get; init; } = "";

    /// <summary>Organisational unit.</summary>
    /// <example>Sales Finland</example>
    public string OrgUnit { get; init; } = "";

    /// <summary>Level on the seniority ladder: Junior, Specialist, Senior, Manager, Director or Executive.</summary>
    /// <example>Senior</example>
    public Seniority? Seniority { get; init; }

    /// <summary>Person id of their line manager, a registered person who has not left; optional.</summary>
    /// <example>pekka.korhonen@example.com</example>
    public string? ManagerPersonId { get; init; }

    /// <summary>When the person joined the directory in business time (e.g. their start date); defaults to now; not in the future.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What a registration answers (201, with the person's address in <c>Location</c> and <c>url</c>).</summary>
/// <param name="PersonId">The person id, normalised: use it in the person's routes.</param>
/// <param name="Version">The person's version after the write (1).</param>
/// <param name="OccurredAt">The business time recorded: <c>occurredAt</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the registration is dated now.</param>
public sealed record PersonCreated(string PersonId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted) : CreationResponse($"/api/people/{Uri.EscapeDataString(PersonId)}");

public static class RegisterPersonEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterPerson command, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .NotInFuture("occurredAt", command.OccurredAt, now)
            .PersonId("personId", command.PersonId, required: true)
            .Required("name", command.Name)
            .Required("title", command.Title)
            .Required("orgUnit", command.OrgUnit)
            .Defined("seniority", command.Seniority)
            .PersonId("managerPersonId", command.ManagerPersonId, required: false);
        errors.Present("seniority", command.Seniority);

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var id = PersonIds.Normalize(command.PersonId);
        if (await session.Events.FetchStreamStateAsync(PersonIds.StreamId(id), cancellation) is not null)
        {
            return Problems.Conflict("duplicate-person", $"Person {id} is already registered.");
        }

        return await PersonReferences.Check(session, "manager", command.ManagerPersonId, id, cancellation);
    }

    /// <summary>Register a person.</summary>
    /// <remarks>
    /// Appends <c>PersonRegistered</c> to a new person stream. Answers 201 with the person's address; 409 when the
    /// person id (in any case) is already registered; 422 when the manager is unknown, has left, or is the person.
    /// </remarks>
    [WolverinePost("/api/people", OperationId = "RegisterPerson")]
    [Tags("People")]
    public static (PersonCreated, IStartStream) Post(RegisterPerson command, DateTimeOffset now, ClaimsPrincipal user)
    {
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, null, now);
        var id = PersonIds.Normalize(command.PersonId);
        var registered = new PersonRegistered(
            id,
            command.Name.Trim(),
            command.Title.Trim(),
            command.OrgUnit.Trim(),
            command.Seniority!.Value,
            command.ManagerPersonId is null ? null : PersonIds.Normalize(command.ManagerPersonId),
            occurredAt,
            user.Actor());

        return (new PersonCreated(id, 1, occurredAt, command.OccurredAt is null), MartenOps.StartStream<Colleague>(PersonIds.StreamId(id), registered));
    }
}
