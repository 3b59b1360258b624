using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Accounts;

/// <summary>
/// Correct details that were recorded wrongly. Give only the fields to correct, and why; the original
/// values stay in the history. (A customer's real change of name is a rename, not a correction.)
/// </summary>
public sealed record CorrectAccountDetails : AccountChange
{
    /// <summary>The corrected name.</summary>
    public string? Name { get; init; }

    /// <summary>The corrected registry id; must stay unique among key accounts.</summary>
    public string? RegistryId { get; init; }

    /// <summary>The corrected industry or segment.</summary>
    public string? Segment { get; init; }

    /// <summary>The corrected list of key-account criteria met.</summary>
    public IReadOnlyList<string>? CriteriaMet { get; init; }

    /// <summary>The corrected designation date.</summary>
    public DateOnly? DesignatedOn { get; init; }

    /// <summary>The corrected revenue budget.</summary>
    public Money? RevenueBudget { get; init; }

    /// <summary>Why the record was wrong.</summary>
    /// <example>Registry id was mistyped at designation</example>
    public string Reason { get; init; } = "";
}

public static class CorrectAccountDetailsEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        CorrectAccountDetails command, KeyAccount account, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Required("reason", command.Reason, FieldErrors.LongText)
            .Optional("name", command.Name)
            .Optional("registryId", command.RegistryId, 50)
            .Optional("segment", command.Segment)
            .Texts("criteriaMet", command.CriteriaMet, required: false)
            .Money("revenueBudget", command.RevenueBudget, required: false)
            .NotInFuture("designatedOn", command.DesignatedOn, now)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        if (command.CriteriaMet is { Count: 0 })
        {
            errors.Add("criteriaMet", "A key account meets at least one criterion.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (command.RegistryId is { } registryId
            && RegistryIds.Normalize(registryId) != RegistryIds.Normalize(account.RegistryId)
            && await AccountRegistry.HolderOf(session, registryId, cancellation) is { } holder)
        {
            return Problems.Conflict("duplicate-registry-id", $"Registry id '{registryId}' already belongs to key account {holder}.");
        }

        return Correction(command, account, now, "") is null
            ? Problems.Rule("nothing-to-correct", "Every given field already holds that value.")
            : Problems.None;
    }

    /// <summary>Correct details recorded wrongly.</summary>
    /// <remarks>Appends <c>AccountDetailsCorrected</c> holding only the corrected fields. 422 when nothing would change.</remarks>
    [WolverinePost("/api/accounts/{accountId}/corrections", OperationId = "CorrectAccountDetails")]
    [Tags("Accounts")]
    public static Events Post(CorrectAccountDetails command, [WriteAggregate("accountId")] KeyAccount account,
        [Entity("accountId", Required = false)] Portfolio.AccountStatus? status, DateTimeOffset now, ClaimsPrincipal user) =>
        [Correction(command, account, now, user.Actor())!];

    /// <summary>The correction of the fields that really differ from the record, or null when none does.</summary>
    public static AccountDetailsCorrected? Correction(CorrectAccountDetails command, KeyAccount account, DateTimeOffset now, string by)
    {
        var criteria = command.CriteriaMet?.Select(c => c.Trim()).ToArray();
        var corrected = new AccountDetailsCorrected(
            account.Id,
            Changed(command.Name?.Trim(), account.Name),
            Changed(command.RegistryId?.Trim(), account.RegistryId),
            Changed(command.Segment?.Trim(), account.Segment),
            criteria is not null && !criteria.SequenceEqual(account.CriteriaMet) ? criteria : null,
            command.DesignatedOn is { } on && on != account.DesignatedOn ? on : null,
            command.RevenueBudget is { } budget && budget != account.RevenueBudget ? budget : null,
            command.Reason.Trim(),
            command.When(now),
            by);

        return corrected is { Name: null, RegistryId: null, Segment: null, CriteriaMet: null, DesignatedOn: null, RevenueBudget: null }
            ? null
            : corrected;
    }

    private static string? Changed(string? proposed, string current) => proposed is not null && proposed != current ? proposed : null;
}
