using System.Security.Claims;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Interactions;

/// <summary>Write down tacit knowledge about the account: an insight, an observation, something heard.</summary>
public sealed record RecordNote
{
    /// <summary>Optional client-chosen id of the new note; generated when omitted.</summary>
    public Guid? NoteId { get; init; }

    /// <summary>The note. Required.</summary>
    /// <example>Their CFO prefers one consolidated invoice per quarter; raise it before the renewal.</example>
    public string Text { get; init; } = "";

    /// <summary>Tags that make the note findable.</summary>
    /// <example>["billing", "renewal"]</example>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Who of our people knows this (person id). Required.</summary>
    /// <example>anna.virtanen@example.com</example>
    public string AuthorPersonId { get; init; } = "";

    /// <summary>The account's stakeholders the note is about, if any.</summary>
    public IReadOnlyList<Guid>? StakeholderIds { get; init; }

    /// <summary>When it was learned; defaults to now, may be backdated, not in the future.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What recording a note answers (201, with the note's address).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="NoteId">The new note's id.</param>
/// <param name="OccurredAt">When it was learned, as recorded: <c>occurredAt</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the note is dated now.</param>
public sealed record NoteCreated(Guid AccountId, Guid NoteId, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted) : CreationResponse($"/api/accounts/{AccountId}/notes/{NoteId}");

public static class RecordNoteEndpoint
{
    public const int MaxTags = 20;

    public static async Task<ProblemDetails> ValidateAsync(
        RecordNote command, Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var account = await AccountOnRecord.LoadAsync(session, accountId, cancellation);
        if (account.Account is null)
        {
            return Problems.NotFound("Key account", accountId);
        }

        var errors = new FieldErrors()
            .Required("text", command.Text, FieldErrors.LongText)
            .Texts("tags", command.Tags, required: false, MaxTags)
            .PersonId("authorPersonId", command.AuthorPersonId, required: true)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        if (command.NoteId == Guid.Empty)
        {
            errors.Add("noteId", "Must not be the empty id.");
        }

        var about = command.StakeholderIds ?? [];
        if (about.Count > InteractionRules.MaxTheirParticipants || about.Distinct().Count() < about.Count || about.Contains(Guid.Empty))
        {
            errors.Add("stakeholderIds", $"Distinct stakeholder ids, at most {InteractionRules.MaxTheirParticipants}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (command.NoteId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-note", $"Note {id} already exists.");
        }

        var open = account.CheckOpen(accountId);
        if (Problems.Found(open))
        {
            return open;
        }

        if (about.FirstOrDefault(s => account.Roles!.Stakeholders.All(t => t.StakeholderId != s)) is var unknown && unknown != Guid.Empty)
        {
            return Problems.Rule("unknown-stakeholder", $"stakeholderIds: {unknown} is not a stakeholder of this account.");
        }

        return await PeopleDirectory.Known(session, "authorPersonId", [command.AuthorPersonId],
            BusinessTime.DateOf(command.OccurredAt, null, now), cancellation);
    }

    /// <summary>Record a note or insight about the account.</summary>
    /// <remarks>
    /// Appends <c>NoteRecorded</c> to a new note stream. The author must be in the people directory; the stakeholders the
    /// note is about must be this account's. Answers 201 with the note's address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/notes", OperationId = "RecordNote")]
    [Tags("Notes")]
    public static (NoteCreated, IStartStream) Post(RecordNote command, Guid accountId, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.NoteId ?? Guid.CreateVersion7(now);
        var recorded = new NoteRecorded(id, accountId, command.Text.Trim(), [.. (command.Tags ?? []).Select(t => t.Trim())],
            PersonIds.Normalize(command.AuthorPersonId), command.StakeholderIds ?? [], BusinessTime.Resolve(command.OccurredAt, null, now), user.Actor());
        return (new NoteCreated(accountId, id, recorded.OccurredAt, command.OccurredAt is null), MartenOps.StartStream<Note>(id, recorded));
    }
}
