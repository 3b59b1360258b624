using System.Security.Claims;
using Kam.EventStore.Commitments;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.People;

/// <summary>
/// Give a person authority from a date: what they may commit the company to alone, and who approves above that.
/// The grant replaces their authority from its date on; a grant for a date that already has one supersedes it.
/// </summary>
public sealed record GrantAuthority : IPersonChange
{
    /// <summary>
    /// The first day the grant holds. May be backdated, and may lie in the future: authority is often decided
    /// ahead of the date it takes effect (a new role from next month), and reads ask for the authority on a date.
    /// </summary>
    /// <example>2026-12-01</example>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>
    /// The largest commitment value the person may make alone, one per currency (ISO 4217, not negative).
    /// A currency not listed: the person may not commit any value in it alone.
    /// </summary>
    /// <example>[{"amount": 50000, "currency": "EUR"}]</example>
    public IReadOnlyList<Money>? MaxCommitmentValues { get; init; } = [];

    /// <summary>The largest discount the person may grant alone, in percent, 0-100.</summary>
    /// <example>10</example>
    public decimal? MaxDiscountPercent { get; init; }

    /// <summary>The kinds of commitment the person may make alone (each at most once).</summary>
    /// <example>["DeliveryDate", "InformationOrFollowUp"]</example>
    public IReadOnlyList<CommitmentKind>? CommitmentKinds { get; init; } = [];

    /// <summary>Who approves commitments above this authority: a registered person who has not left, not the person themselves. Optional.</summary>
    /// <example>pekka.korhonen@example.com</example>
    public string? ApproverPersonId { get; init; }

    /// <summary>Why the authority was granted or changed.</summary>
    /// <example>New KAM role from December</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }

    /// <inheritdoc />
    public DateTimeOffset? OccurredAt { get; init; }
}

public static class GrantAuthorityEndpoint
{
    /// <summary>At most this many currencies and commitment kinds in one grant.</summary>
    public const int MaxItems = 50;

    /// <summary>The person's stream, from the route's person id (Wolverine loads the write model by it).</summary>
    public static Guid PersonStream(string personId) => PersonIds.StreamId(personId);

    public static async Task<ProblemDetails> ValidateAsync(
        GrantAuthority command, Colleague? colleague, string personId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = Fields(command);
        var problem = PersonChangeRules.Check(command, errors, colleague, personId, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        return await PersonReferences.Check(session, "approver", command.ApproverPersonId, colleague!.PersonId, cancellation);
    }

    /// <summary>The field rules of a grant: limits not negative, known currencies once each, a discount of 0-100 %.</summary>
    public static FieldErrors Fields(GrantAuthority command)
    {
        var errors = new FieldErrors()
            .Required("reason", command.Reason, FieldErrors.LongText)
            .PersonId("approverPersonId", command.ApproverPersonId, required: false);
        errors.Present("effectiveFrom", command.EffectiveFrom);

        if (command.MaxDiscountPercent is null)
        {
            errors.Add("maxDiscountPercent", "Required; 0 when the person may grant no discount alone.");
        }
        else if (command.MaxDiscountPercent is < 0 or > 100)
        {
            errors.Add("maxDiscountPercent", "Must be between 0 and 100.");
        }

        var values = command.MaxCommitmentValues ?? [];
        if (values.Count > MaxItems)
        {
            errors.Add("maxCommitmentValues", $"At most {MaxItems} currencies.");
        }

        var currencies = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            errors.Money($"maxCommitmentValues[{i}]", values[i], required: true);
            if (values[i] is { } value && !currencies.Add(value.Currency))
            {
                errors.Add($"maxCommitmentValues[{i}].currency", $"Duplicate currency {value.Currency}: give one limit per currency.");
            }
        }

        var kinds = command.CommitmentKinds ?? [];
        if (kinds.Count > MaxItems)
        {
            errors.Add("commitmentKinds", $"At most {MaxItems} kinds.");
        }

        var seen = new HashSet<CommitmentKind>();
        for (var i = 0; i < kinds.Count; i++)
        {
            errors.Defined($"commitmentKinds[{i}]", (CommitmentKind?)kinds[i]);
            if (!seen.Add(kinds[i]))
            {
                errors.Add($"commitmentKinds[{i}]", $"Duplicate kind {kinds[i]}.");
            }
        }

        return errors;
    }

    /// <summary>Give a person authority from a date.</summary>
    /// <remarks>
    /// Appends <c>AuthorityGranted</c>. The effective date may be backdated or in the future. 400 for negative limits,
    /// unknown or repeated currencies, a discount outside 0-100; 422 when the approver is unknown, has left or is the
    /// person; 409 when the person has left.
    /// </remarks>
    [WolverinePost("/api/people/{personId}/authority-grants", OperationId = "GrantAuthority")]
    [Tags("People")]
    public static Events Post(
        GrantAuthority command,
        [WriteAggregate(FromMethod = nameof(PersonStream), Required = false)] Colleague colleague,
        DateTimeOffset now,
        ClaimsPrincipal user) =>
        // Not Required: Validate answers an unknown person with a 404 naming the person id (not the stream id),
        // so this runs only with a loaded person.
        [
            new AuthorityGranted(
                colleague.PersonId,
                command.EffectiveFrom!.Value,
                command.MaxCommitmentValues ?? [],
                command.MaxDiscountPercent!.Value,
                command.CommitmentKinds ?? [],
                command.ApproverPersonId is null ? null : PersonIds.Normalize(command.ApproverPersonId),
                command.Reason.Trim(),
                command.When(now, command.EffectiveFrom),
                user.Actor()),
        ];
}
