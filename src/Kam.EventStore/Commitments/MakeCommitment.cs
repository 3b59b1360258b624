using System.Security.Claims;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>Record a promise made to the customer.</summary>
public sealed record MakeCommitment
{
    /// <summary>Optional client-chosen commitment id; generated when omitted.</summary>
    public Guid? CommitmentId { get; init; }

    /// <summary>Who made the promise: one of our people (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string MadeBy { get; init; } = "";

    /// <summary>To whom: stakeholders of this account (at least one).</summary>
    public IReadOnlyList<Guid> MadeTo { get; init; } = [];

    /// <summary>The interaction it was made in, when recorded.</summary>
    public Guid? InteractionId { get; init; }

    /// <summary>What kind of promise.</summary>
    /// <example>PriceOrDiscount</example>
    public CommitmentKind? Kind { get; init; }

    /// <summary>What was promised, in words the customer would recognise.</summary>
    /// <example>12% discount on the 2027 framework price list</example>
    public string Description { get; init; } = "";

    /// <summary>The value promised (amount and ISO currency), when it has one.</summary>
    public Money? Value { get; init; }

    /// <summary>The discount promised, in percent (0-100), when it is one.</summary>
    /// <example>12</example>
    public decimal? DiscountPercent { get; init; }

    /// <summary>The business date it was made; defaults to the date of <c>occurredAt</c>, else today (the answer says so); not in the future.</summary>
    /// <example>2026-02-10</example>
    public DateOnly? MadeOn { get; init; }

    /// <summary>When it was made, if the time of day matters (the meeting's time); must fall on <c>madeOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>When it is due; required for delivery dates, features, resources and follow-ups; not before it was made.</summary>
    public DateOnly? DueOn { get; init; }

    /// <summary>Who answers for keeping it (person id); defaults to the account's KAM on the day it was made, else the maker.</summary>
    public string? Owner { get; init; }

    /// <summary>The account plan action the promise carries out, when it is made for one (an action of the plan's latest version).</summary>
    public PlanActionLink? PlanAction { get; init; }

    /// <summary>
    /// The joint development project milestone the promise depends on, when it depends on one: if the milestone slips past the
    /// promise's due date, the project shows the promise at risk. Give at most one of <c>planAction</c> and <c>milestone</c>.
    /// </summary>
    public MilestoneLink? Milestone { get; init; }

    /// <summary>Kinds of promise that are about a date: they need a due date.</summary>
    public static bool NeedsDueDate(CommitmentKind kind) =>
        kind is CommitmentKind.DeliveryDate or CommitmentKind.FeatureOrRoadmap or CommitmentKind.Resource or CommitmentKind.InformationOrFollowUp;
}

/// <summary>What making a commitment answers (201, with the commitment's address).</summary>
/// <param name="CommitmentId">The new commitment.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Status">InForce when within the maker's authority, else PendingApproval.</param>
/// <param name="PendingApprover">Who it was routed to for approval, when pending.</param>
/// <param name="Version">The commitment stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded: <c>occurredAt</c>, the start of a past <c>madeOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the promise is dated now.</param>
public sealed record CommitmentCreated(
    Guid CommitmentId, Guid AccountId, CommitmentStatus Status, string? PendingApprover, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/commitments/{CommitmentId}");

/// <summary>What a commitment is decided against: the account's roles, the maker's directory record, and who was the KAM when it was made.</summary>
public sealed record CommitmentContext(AccountRelationships? Account, Person? Maker, string? DefaultOwner);

public static class MakeCommitmentEndpoint
{
    public static async Task<CommitmentContext> LoadAsync(
        MakeCommitment command, Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<AccountRelationships>(accountId);
        var roles = batch.Load<AccountRoles>(accountId);
        var maker = string.IsNullOrWhiteSpace(command.MadeBy) || !PersonIds.IsWellFormed(command.MadeBy)
            ? Task.FromResult<Person?>(null)
            : batch.Load<Person>(PersonIds.StreamId(command.MadeBy));
        await batch.Execute(cancellation);

        // The owner by default is whoever was the KAM on the day it was made (a promise recorded after a handover stays the
        // then KAM's until it is reassigned), else the maker.
        var madeOn = BusinessTime.DateOf(command.OccurredAt, command.MadeOn, now);
        var kam = await roles is { } history ? AccountRolesOn.From(history, madeOn).AccountManager?.PersonId : null;
        return new CommitmentContext(await account, await maker, kam);
    }

    public static async Task<ProblemDetails> ValidateAsync(
        MakeCommitment command, Guid accountId, CommitmentContext context, IQuerySession session, ICommitmentLinkTargets links, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var madeOn = BusinessTime.DateOf(command.OccurredAt, command.MadeOn, now);
        var errors = new FieldErrors()
            .PersonId("madeBy", command.MadeBy, required: true)
            .PersonId("owner", command.Owner, required: false)
            .Required("description", command.Description, FieldErrors.LongText)
            .Defined("kind", command.Kind)
            .Money("value", command.Value, required: false)
            .NotInFuture("madeOn", command.MadeOn, now)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        if (command.MadeOn is { } on && command.OccurredAt is { } at && BusinessTime.Today(at) != on)
        {
            errors.Add("occurredAt", $"Must fall on madeOn ({on:yyyy-MM-dd}) when both are given.");
        }

        CommitmentTerms.Check(errors, command.Kind, command.DiscountPercent, madeOn, command.DueOn);
        if (command.MadeTo.Count == 0)
        {
            errors.Add("madeTo", "Required: the stakeholders the promise was made to.");
        }

        if (command.CommitmentId == Guid.Empty)
        {
            errors.Add("commitmentId", "Must not be the empty id.");
        }

        if (command.PlanAction is not null && command.Milestone is not null)
        {
            errors.Add("milestone", "Give at most one of planAction and milestone.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (context.Account is not { } account)
        {
            return Problems.NotFound("Key account", accountId);
        }

        if (account.DesignationEnded)
        {
            return Problems.Conflict("designation-ended", $"Key account {accountId} is no longer a key account; its history is closed.");
        }

        var strangers = command.MadeTo.Where(id => account.Stakeholder(id) is not { } s || s.AddedOn > madeOn || s.LeftOn < madeOn).ToList();
        if (strangers.Count > 0)
        {
            return Problems.Rule("unknown-stakeholder", $"madeTo: not stakeholders of this account on {madeOn:yyyy-MM-dd}: {string.Join(", ", strangers)}.");
        }

        if (command.InteractionId is { } madeIn && !await StandingInteraction(session, accountId, madeIn, cancellation))
        {
            return Problems.Rule("unknown-interaction", $"interactionId: {madeIn} is not a standing (unretracted) interaction of this account.");
        }

        if (command.CommitmentId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-commitment", $"Commitment {id} already exists.");
        }

        var linked = await links.CheckAsync(session, accountId, command.PlanAction, command.Milestone, cancellation);
        if (Problems.Found(linked))
        {
            return linked;
        }

        return Problems.FirstOf(
            await PeopleDirectory.Known(session, "madeBy", [command.MadeBy], madeOn, cancellation),
            await PeopleDirectory.Known(session, "owner", command.Owner is { } o ? [o] : [], madeOn, cancellation));
    }

    private static async Task<bool> StandingInteraction(IQuerySession session, Guid accountId, Guid interactionId, CancellationToken cancellation) =>
        await session.LoadAsync<Interactions.Interaction>(interactionId, cancellation) is { Retracted: false } interaction
        && interaction.AccountId == accountId;

    /// <summary>Make a commitment to the customer.</summary>
    /// <remarks>
    /// Appends <c>CommitmentMade</c> to a new commitment stream, with the maker's authority in force on the date it was
    /// made: within it the commitment is in force, beyond it pending approval and routed to the approver the grant names.
    /// A durable check is scheduled for the day after the due date. Answers 201 with the commitment's address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/commitments", OperationId = "MakeCommitment")]
    [Tags("Commitments")]
    public static (CommitmentCreated, IStartStream, OutgoingMessages) Post(
        MakeCommitment command, Guid accountId, CommitmentContext context, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.CommitmentId ?? Guid.CreateVersion7(now);
        var madeBy = PersonIds.Normalize(command.MadeBy);
        var madeOn = BusinessTime.DateOf(command.OccurredAt, command.MadeOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, madeOn, now);
        var check = AuthorityChecks.Check(madeBy, context.Maker!.AuthorityOn(madeOn), madeOn, command.Kind!.Value, command.Value, command.DiscountPercent);
        var owner = command.Owner is { } o ? PersonIds.Normalize(o) : context.DefaultOwner ?? madeBy;
        var made = new CommitmentMade(accountId, id, madeBy, [.. command.MadeTo.Distinct()], command.InteractionId, command.Kind.Value,
            command.Description.Trim(), command.Value, command.DiscountPercent, madeOn, command.DueOn, owner, check, occurredAt, user.Actor(),
            PlanAction: command.PlanAction, Milestone: command.Milestone);

        var messages = new OutgoingMessages();
        DueChecks.Schedule(messages, id, command.DueOn);
        return (new CommitmentCreated(id, accountId, check.Within ? CommitmentStatus.InForce : CommitmentStatus.PendingApproval,
                check.Within ? null : check.Approver, 1, occurredAt, occurredAt == now),
            MartenOps.StartStream<Commitment>(id, made), messages);
    }
}

/// <summary>Field rules of a commitment's terms, shared by making and amending one.</summary>
public static class CommitmentTerms
{
    public static FieldErrors Check(FieldErrors errors, CommitmentKind? kind, decimal? discountPercent, DateOnly madeOn, DateOnly? dueOn)
    {
        if (kind is null)
        {
            errors.Add("kind", "Required.");
        }
        else if (MakeCommitment.NeedsDueDate(kind.Value) && dueOn is null)
        {
            errors.Add("dueOn", $"Required for {kind} commitments.");
        }

        if (discountPercent is < 0 or > 100)
        {
            errors.Add("discountPercent", "Must be between 0 and 100.");
        }

        if (dueOn < madeOn)
        {
            errors.Add("dueOn", $"Must not be before the date the commitment was made ({madeOn:yyyy-MM-dd}).");
        }

        return errors;
    }
}
