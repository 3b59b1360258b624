using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Interactions;

/// <summary>Record a contact with the customer: who took part on both sides, what was communicated, disclosed and agreed.</summary>
public sealed record RecordInteraction
{
    /// <summary>Optional client-chosen id of the new interaction; generated when omitted.</summary>
    public Guid? InteractionId { get; init; }

    /// <summary>Meeting, Call, Email, Visit, Workshop, Negotiation, Review or Other.</summary>
    /// <example>Meeting</example>
    public InteractionKind? Kind { get; init; }

    /// <summary>How it took place: InPerson, Video, Phone, Email, Chat or Other.</summary>
    /// <example>InPerson</example>
    public InteractionChannel? Channel { get; init; }

    /// <summary>When it happened; defaults to now, may be backdated, not in the future.</summary>
    public DateTimeOffset? HappenedAt { get; init; }

    /// <summary>How long it took, in minutes (1 to a week); optional.</summary>
    /// <example>90</example>
    public int? DurationMinutes { get; init; }

    /// <summary>One line: what it was about.</summary>
    /// <example>Price review 2027</example>
    public string? Subject { get; init; }

    /// <summary>What was communicated, agreed or learned. Required.</summary>
    /// <example>Walked through the 2027 price list; they asked for a volume discount above 500 t.</example>
    public string? Summary { get; init; }

    /// <summary>Our people who took part (person ids), at least one.</summary>
    /// <example>["anna.virtanen@example.com"]</example>
    public IReadOnlyList<string>? OurParticipants { get; init; }

    /// <summary>The customer's stakeholders who took part (stakeholder ids of this account).</summary>
    public IReadOnlyList<Guid>? TheirParticipants { get; init; }

    /// <summary>Topics discussed.</summary>
    /// <example>["Pricing", "Logistics"]</example>
    public IReadOnlyList<string>? Topics { get; init; }

    /// <summary>What was disclosed or handed over, and to whom.</summary>
    public IReadOnlyList<DisclosureInput>? Disclosures { get; init; }

    /// <summary>Follow-up actions agreed.</summary>
    public IReadOnlyList<FollowUpInput>? FollowUps { get; init; }

    public InteractionDraft Draft(DateTimeOffset now) => new(
        HappenedAt?.ToUniversalTime() ?? now, Kind, Channel, DurationMinutes, Subject, Summary, OurParticipants, TheirParticipants, Topics,
        Disclosures, FollowUps);
}

/// <summary>What recording an interaction answers (201, with the interaction's address in <c>Location</c> and <c>url</c>).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="InteractionId">The new interaction's id.</param>
/// <param name="Version">The interaction's version after the write (1).</param>
/// <param name="OccurredAt">When it happened, as recorded: <c>happenedAt</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no <c>happenedAt</c>, so the interaction is dated now.</param>
public sealed record InteractionCreated(Guid AccountId, Guid InteractionId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/accounts/{AccountId}/interactions/{InteractionId}");

public static class RecordInteractionEndpoint
{
    public static Task<AccountOnRecord> LoadAsync(Guid accountId, IQuerySession session, CancellationToken cancellation) =>
        AccountOnRecord.LoadAsync(session, accountId, cancellation);

    public static async Task<ProblemDetails> ValidateAsync(
        RecordInteraction command, Guid accountId, AccountOnRecord account, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        if (account.Account is null)
        {
            return Problems.NotFound("Key account", accountId);
        }

        var draft = command.Draft(now);
        var errors = InteractionRules.CheckFields(new FieldErrors(), draft, now);
        if (command.InteractionId == Guid.Empty)
        {
            errors.Add("interactionId", "Must not be the empty id.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (command.InteractionId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-interaction", $"Interaction {id} already exists.");
        }

        var open = account.CheckOpen(accountId);
        return Problems.Found(open) ? open : await InteractionRules.CheckParticipants(draft, account.Roles!, session, cancellation);
    }

    /// <summary>Record an interaction with the customer.</summary>
    /// <remarks>
    /// Appends <c>InteractionRecorded</c> to a new interaction stream (interactions do not write to the account's stream, so
    /// they never wait for or conflict with role changes). Our participants and follow-up owners must be in the people
    /// directory and not have left by the interaction's date; their participants must be this account's stakeholders and
    /// not have left the customer before it (422 <c>unknown-person</c>, <c>person-left</c>, <c>unknown-stakeholder</c>,
    /// <c>stakeholder-left</c>). Answers 201 with the interaction's address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/interactions", OperationId = "RecordInteraction")]
    [Tags("Interactions")]
    public static (InteractionCreated, IStartStream) Post(
        RecordInteraction command, Guid accountId, AccountOnRecord account, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.InteractionId ?? Guid.CreateVersion7(now);
        var draft = command.Draft(now);
        var recorded = new InteractionRecorded(id, accountId, InteractionRules.Details(draft, account.Roles!), draft.HappenedAt, user.Actor());
        return (new InteractionCreated(accountId, id, 1, draft.HappenedAt, command.HappenedAt is null), MartenOps.StartStream<Interaction>(id, recorded));
    }
}
