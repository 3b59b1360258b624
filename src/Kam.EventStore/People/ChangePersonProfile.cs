using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.People;

/// <summary>
/// Record a change of a person's profile from a date: a promotion, a move to another unit, a new manager, a change
/// of name. Give only the fields that change, the date it takes effect and why.
/// </summary>
public sealed record ChangePersonProfile : IPersonChange
{
    /// <summary>The new full name.</summary>
    public string? Name { get; init; }

    /// <summary>The new job title.</summary>
    /// <example>Key Account Director</example>
    public string? Title { get; init; }

    /// <summary>The new organisational unit.</summary>
    public string? OrgUnit { get; init; }

    /// <summary>The new level on the seniority ladder.</summary>
    /// <example>Director</example>
    public Seniority? Seniority { get; init; }

    /// <summary>The new line manager: a registered person who has not left, not the person themselves.</summary>
    public string? ManagerPersonId { get; init; }

    /// <summary>True when the person no longer has a manager (instead of naming a new one).</summary>
    public bool RemoveManager { get; init; }

    /// <summary>
    /// The first day the change holds. May be backdated (the change slots into the history where it belongs);
    /// not in the future: record a change when it takes effect, because the directory shows the profile in force now. Defaults to
    /// the date of <c>occurredAt</c>, else today.
    /// </summary>
    /// <example>2026-10-01</example>
    public DateOnly? EffectiveOn { get; init; }

    /// <summary>Why the profile changed.</summary>
    /// <example>Promoted after the 2026 review</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }

    /// <inheritdoc />
    public DateTimeOffset? OccurredAt { get; init; }
}

public static class ChangePersonProfileEndpoint
{
    /// <summary>The person's stream, from the route's person id (Wolverine loads the write model by it).</summary>
    public static Guid PersonStream(string personId) => PersonIds.StreamId(personId);

    public static async Task<ProblemDetails> ValidateAsync(
        ChangePersonProfile command, Colleague? colleague, string personId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Optional("name", command.Name)
            .Optional("title", command.Title)
            .Optional("orgUnit", command.OrgUnit)
            .Defined("seniority", command.Seniority)
            .PersonId("managerPersonId", command.ManagerPersonId, required: false)
            .Required("reason", command.Reason, FieldErrors.LongText)
            .NotInFuture("effectiveOn", command.EffectiveOn, now);
        if (command.RemoveManager && command.ManagerPersonId is not null)
        {
            errors.Add("removeManager", "Either name a new manager or remove the manager, not both.");
        }

        var problem = PersonChangeRules.Check(command, errors, colleague, personId, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var change = Change(command, colleague!, now, "");
        if (change is null)
        {
            return Problems.Rule("nothing-to-change", $"On {EffectiveOn(command, now):yyyy-MM-dd} the profile already holds every given value.");
        }

        return await PersonReferences.Check(session, "manager", change.Manager?.PersonId, colleague!.PersonId, cancellation);
    }

    /// <summary>Change a person's profile from a date.</summary>
    /// <remarks>
    /// Appends <c>PersonProfileChanged</c> holding only the fields that differ from the profile in force on
    /// <c>effectiveOn</c>. 422 when nothing would change, or the new manager is unknown, has left or is the person;
    /// 409 when the person has left.
    /// </remarks>
    [WolverinePost("/api/people/{personId}/profile-changes", OperationId = "ChangePersonProfile")]
    [Tags("People")]
    public static Events Post(
        ChangePersonProfile command,
        [WriteAggregate(FromMethod = nameof(PersonStream), Required = false)] Colleague colleague,
        DateTimeOffset now,
        ClaimsPrincipal user) =>
        // Not Required: Validate answers an unknown person with a 404 naming the person id (not the stream id),
        // so this runs only with a loaded person.
        [Change(command, colleague, now, user.Actor())!];

    /// <summary>The change of the fields that really differ from the profile in force on its date, or null when none does.</summary>
    public static PersonProfileChanged? Change(ChangePersonProfile command, Colleague colleague, DateTimeOffset now, string by)
    {
        var effectiveOn = EffectiveOn(command, now);
        var before = colleague.ProfileOn(effectiveOn);
        var manager = command.ManagerPersonId is null ? null : PersonIds.Normalize(command.ManagerPersonId);
        var changed = new PersonProfileChanged(
            colleague.PersonId,
            Changed(command.Name?.Trim(), before.Name),
            Changed(command.Title?.Trim(), before.Title),
            Changed(command.OrgUnit?.Trim(), before.OrgUnit),
            command.Seniority is { } seniority && seniority != before.Seniority ? seniority : null,
            ManagerChanged(manager, command.RemoveManager, before.ManagerPersonId),
            effectiveOn,
            command.Reason.Trim(),
            command.When(now, effectiveOn),
            by);

        return changed is { Name: null, Title: null, OrgUnit: null, Seniority: null, Manager: null }
            ? null
            : changed;
    }

    /// <summary>The first day the change holds: as given, else the date it occurred, else today.</summary>
    public static DateOnly EffectiveOn(ChangePersonProfile command, DateTimeOffset now) => BusinessTime.DateOf(command.OccurredAt, command.EffectiveOn, now);

    private static string? Changed(string? proposed, string? current) => proposed is not null && proposed != current ? proposed : null;

    // Removing a manager the person does not have, or naming the one they have, changes nothing.
    private static ManagerChange? ManagerChanged(string? proposed, bool remove, string? current) => remove
        ? current is null ? null : ManagerChange.Removed
        : Changed(proposed, current) is { } manager ? new ManagerChange(manager) : null;
}
