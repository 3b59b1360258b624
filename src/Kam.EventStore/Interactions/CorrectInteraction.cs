using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Interactions;

/// <summary>
/// Correct the record of an interaction that was recorded wrongly. Give only what changes; a list given replaces the
/// whole list (an empty list clears it). The original stays in the history.
/// </summary>
public sealed record CorrectInteraction : IExpectVersion
{
    /// <summary>Why the record was wrong. Required.</summary>
    /// <example>Recorded on the wrong date; Olli was not there</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }

    /// <summary>
    /// When the correction was made, in business time; defaults to now. Not in the future, and not before the record's latest
    /// business time (when the interaction happened, as recorded or as corrected, and any earlier correction).
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The corrected kind.</summary>
    public InteractionKind? Kind { get; init; }

    /// <summary>The corrected channel.</summary>
    public InteractionChannel? Channel { get; init; }

    /// <summary>When it really happened; not in the future.</summary>
    public DateTimeOffset? HappenedAt { get; init; }

    /// <summary>The corrected duration in minutes.</summary>
    public int? DurationMinutes { get; init; }

    /// <summary>The corrected subject.</summary>
    public string? Subject { get; init; }

    /// <summary>The corrected summary; must not be blank.</summary>
    public string? Summary { get; init; }

    /// <summary>Our people who really took part.</summary>
    public IReadOnlyList<string>? OurParticipants { get; init; }

    /// <summary>Their stakeholders who really took part.</summary>
    public IReadOnlyList<Guid>? TheirParticipants { get; init; }

    /// <summary>The corrected topics.</summary>
    public IReadOnlyList<string>? Topics { get; init; }

    /// <summary>What was really disclosed or handed over.</summary>
    public IReadOnlyList<DisclosureInput>? Disclosures { get; init; }

    /// <summary>The corrected follow-up actions.</summary>
    public IReadOnlyList<FollowUpInput>? FollowUps { get; init; }

    /// <summary>The record as it would read after the correction: the current one with the given fields replaced.</summary>
    public InteractionDraft Applied(Interaction interaction)
    {
        var current = InteractionRules.DraftOf(interaction.HappenedAt, interaction.Details);
        return current with
        {
            HappenedAt = HappenedAt ?? current.HappenedAt,
            Kind = Kind ?? current.Kind,
            Channel = Channel ?? current.Channel,
            DurationMinutes = DurationMinutes ?? current.DurationMinutes,
            Subject = Subject ?? current.Subject,
            Summary = Summary ?? current.Summary,
            OurParticipants = OurParticipants ?? current.OurParticipants,
            TheirParticipants = TheirParticipants ?? current.TheirParticipants,
            Topics = Topics ?? current.Topics,
            Disclosures = Disclosures ?? current.Disclosures,
            FollowUps = FollowUps ?? current.FollowUps,
        };
    }
}

/// <summary>What a correction or retraction answers: the interaction, its version after the write, and the business time recorded.</summary>
/// <param name="InteractionId">The interaction.</param>
/// <param name="Version">Its version after the write; send it as the expected version of the next write.</param>
/// <param name="OccurredAt">When the correction or retraction was made, in business time: as the request gave it, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so it is dated now.</param>
public sealed record InteractionWritten(Guid InteractionId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

public static class CorrectInteractionEndpoint
{
    public static Task<AccountOnRecord> LoadAsync(Guid accountId, IQuerySession session, CancellationToken cancellation) =>
        AccountOnRecord.LoadAsync(session, accountId, cancellation);

    public static async Task<ProblemDetails> ValidateAsync(
        CorrectInteraction command, Guid accountId, Interaction interaction, AccountOnRecord account, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation)
    {
        if (interaction.AccountId != accountId)
        {
            return Problems.NotFound("Interaction", interaction.Id);
        }

        var draft = command.Applied(interaction);
        var errors = InteractionRules.CheckFields(new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText), draft, now)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var at = BusinessTime.Resolve(command.OccurredAt, null, now);
        var order = Problems.FirstOf(
            BusinessTime.NotBefore("occurredAt", at, interaction.LastFactAt, "The record's latest business time"),
            BusinessTime.NotBefore("occurredAt", at, draft.HappenedAt, "The interaction as corrected"));
        if (Problems.Found(order))
        {
            return order;
        }

        var open = account.CheckOpen(accountId);
        if (Problems.Found(open))
        {
            return open;
        }

        var participants = await InteractionRules.CheckParticipants(draft, account.Roles!, session, cancellation);
        if (Problems.Found(participants))
        {
            return participants;
        }

        return InteractionRules.Same(draft.HappenedAt, InteractionRules.Details(draft, account.Roles!), interaction.HappenedAt, interaction.Details)
            ? Problems.Rule("nothing-corrected", "The correction changes nothing in the record.")
            : Problems.None;
    }

    /// <summary>Correct an interaction's record.</summary>
    /// <remarks>
    /// Appends <c>InteractionCorrected</c>, holding the record as it reads now and as it read before, with the reason, dated
    /// <c>occurredAt</c> (default now). The same participant rules as recording apply. 409 <c>interaction-retracted</c> for a
    /// retracted interaction; 422 <c>nothing-corrected</c> when nothing changes.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/interactions/{interactionId}/corrections", OperationId = "CorrectInteraction")]
    [Tags("Interactions")]
    public static Events Post(
        CorrectInteraction command, [WriteAggregate("interactionId")] Interaction interaction, AccountOnRecord account, DateTimeOffset now, ClaimsPrincipal user)
    {
        var draft = command.Applied(interaction);
        return
        [
            new InteractionCorrected(interaction.Id, interaction.AccountId, draft.HappenedAt, InteractionRules.Details(draft, account.Roles!),
                interaction.HappenedAt, interaction.Details, command.Reason.Trim(), BusinessTime.Resolve(command.OccurredAt, null, now), user.Actor()),
        ];
    }
}
