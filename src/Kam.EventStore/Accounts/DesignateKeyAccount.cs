using System.Security.Claims;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Accounts;

/// <summary>Designate a customer as a key account.</summary>
public sealed record DesignateKeyAccount
{
    /// <summary>Optional client-chosen id of the new account; a new id is generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e11</example>
    public Guid? AccountId { get; init; }

    /// <summary>The customer's name.</summary>
    /// <example>Nordic Paper Oy</example>
    public string Name { get; init; } = "";

    /// <summary>The customer's business id or VAT id; unique among key accounts (compared without case and separators).</summary>
    /// <example>FI12345678</example>
    public string RegistryId { get; init; } = "";

    /// <summary>Industry or segment.</summary>
    /// <example>Pulp and paper</example>
    public string Segment { get; init; } = "";

    /// <summary>Tier in the key-account portfolio: Strategic, Key or Development.</summary>
    /// <example>Key</example>
    public AccountTier? Tier { get; init; }

    /// <summary>The key-account criteria the customer meets (at least one).</summary>
    /// <example>["Revenue potential over 1 MEUR", "Strategic fit"]</example>
    public IReadOnlyList<string> CriteriaMet { get; init; } = [];

    /// <summary>The business date of the designation; defaults to the date of <c>occurredAt</c>, else today (the answer says so); not in the future.</summary>
    /// <example>2026-01-15</example>
    public DateOnly? DesignatedOn { get; init; }

    /// <summary>Revenue budgeted on the account.</summary>
    public Money? RevenueBudget { get; init; }

    /// <summary>When it was designated, if the time of day matters; must fall on <c>designatedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What a designation answers (201, with the account's address in <c>Location</c> and <c>url</c>).</summary>
/// <param name="AccountId">The new account's id.</param>
/// <param name="Version">The account's version after the write (1).</param>
/// <param name="OccurredAt">The business time recorded: the start of <c>designatedOn</c>, or now when it is today.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no <c>designatedOn</c>, so the designation is dated today.</param>
public sealed record KeyAccountCreated(Guid AccountId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/accounts/{AccountId}");

public static class DesignateKeyAccountEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        DesignateKeyAccount command, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Required("name", command.Name)
            .Required("registryId", command.RegistryId, 50)
            .Required("segment", command.Segment)
            .Texts("criteriaMet", command.CriteriaMet, required: true)
            .Money("revenueBudget", command.RevenueBudget, required: true)
            .Defined("tier", command.Tier)
            .NotInFuture("designatedOn", command.DesignatedOn, now)
            .NotInFuture("occurredAt", command.OccurredAt, now);
        if (command.DesignatedOn is { } on && command.OccurredAt is { } at && BusinessTime.Today(at) != on)
        {
            errors.Add("occurredAt", $"Must fall on designatedOn ({on:yyyy-MM-dd}) when both are given.");
        }

        errors.Present("tier", command.Tier);

        if (command.AccountId == Guid.Empty)
        {
            errors.Add("accountId", "Must not be the empty id.");
        }

        if (!string.IsNullOrWhiteSpace(command.RegistryId) && RegistryIds.Normalize(command.RegistryId).Length == 0)
        {
            errors.Add("registryId", "Must contain letters or digits.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await AccountRegistry.HolderOf(session, command.RegistryId, cancellation) is { } holder)
        {
            return Problems.Conflict("duplicate-registry-id",
                $"Registry id '{command.RegistryId}' already belongs to key account {holder}.");
        }

        if (command.AccountId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-account", $"Key account {id} already exists.");
        }

        return Problems.None;
    }

    /// <summary>Designate a key account.</summary>
    /// <remarks>Appends <c>KeyAccountDesignated</c> to a new account stream. Answers 201 with the account's address.</remarks>
    [WolverinePost("/api/accounts", OperationId = "DesignateKeyAccount")]
    [Tags("Accounts")]
    public static (KeyAccountCreated, IStartStream) Post(DesignateKeyAccount command, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.AccountId ?? Guid.CreateVersion7(now);
        var designatedOn = BusinessTime.DateOf(command.OccurredAt, command.DesignatedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, designatedOn, now);
        var designated = new KeyAccountDesignated(
            id,
            command.Name.Trim(),
            command.RegistryId.Trim(),
            command.Segment.Trim(),
            command.Tier!.Value,
            command.CriteriaMet.Select(c => c.Trim()).ToArray(),
            designatedOn,
            command.RevenueBudget!,
            occurredAt,
            user.Actor());

        return (new KeyAccountCreated(id, 1, occurredAt, command.DesignatedOn is null && command.OccurredAt is null), MartenOps.StartStream<KeyAccount>(id, designated));
    }
}

/// <summary>Registry ids are unique among key accounts, ended ones included: a customer has one account history.</summary>
public static class AccountRegistry
{
    public static async Task<Guid?> HolderOf(IQuerySession session, string registryId, CancellationToken cancellation)
    {
        var key = RegistryIds.Normalize(registryId);
        var holders = await session.Query<AccountStatus>()
            .Where(x => x.RegistryKey == key)
            .Select(x => x.Id)
            .Take(1)
            .ToListAsync(cancellation);
        return holders.Count > 0 ? holders[0] : null;
    }
}
