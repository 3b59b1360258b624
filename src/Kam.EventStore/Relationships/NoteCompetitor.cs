using System.Security.Claims;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Note a competitor present at the customer.</summary>
public sealed record NoteCompetitor : RoleChange
{
    /// <summary>The competitor's name.</summary>
    /// <example>Acme Forest Systems</example>
    public string Name { get; init; } = "";

    /// <summary>Where at the customer: site, unit or product line.</summary>
    /// <example>Kemi mill, maintenance services</example>
    public string Where { get; init; } = "";
}

/// <summary>What noting a competitor answers.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="CompetitorId">The id of the noted presence, for recording its end later.</param>
/// <param name="Version">The account's version after the write.</param>
/// <param name="OccurredAt">The business time recorded: as given, the start of a past <c>effectiveOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record CompetitorRecorded(Guid AccountId, Guid CompetitorId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

public static class NoteCompetitorEndpoint
{
    public static ProblemDetails Validate(NoteCompetitor command, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("name", command.Name).Required("where", command.Where);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var same = account.Competitors.FirstOrDefault(c => c.GoneOn is null
            && string.Equals(c.Name, command.Name.Trim(), StringComparison.OrdinalIgnoreCase));
        return same is not null
            ? Problems.Conflict("competitor-already-noted", $"{same.Name} is noted as present since {same.Since:yyyy-MM-dd} (id {same.Id}).")
            : Problems.None;
    }

    /// <summary>Note a competitor at the customer.</summary>
    /// <remarks>Appends <c>CompetitorNoted</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/competitors", OperationId = "NoteCompetitor")]
    [Tags("Competitors")]
    public static (CompetitorRecorded, Events) Post(
        NoteCompetitor command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, IEventStream<AccountRelationships> stream, DateTimeOffset now,
        ClaimsPrincipal user)
    {
        // A part of the account created with its own id: the answer names it, so it takes the stream for the version.
        var id = Guid.CreateVersion7(now);
        var noted = new CompetitorNoted(account.Id, id, command.Name.Trim(), command.Where.Trim(), command.EffectiveDate(now), command.When(now), user.Actor());
        return (new CompetitorRecorded(account.Id, id, (stream.StartingVersion ?? 0) + 1, noted.OccurredAt, noted.OccurredAt == now), [noted]);
    }
}
