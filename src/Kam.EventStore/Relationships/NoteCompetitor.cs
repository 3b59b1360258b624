using JasperFx.Events;
using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

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
public sealed record CompetitorRecorded(Guid AccountId, Guid CompetitorId, long Version);

public static class NoteCompetitorEndpoint
{
    public static ProblemDetails Validate(NoteCompetitor command, AccountRelationships account, IEventStream<AccountRelationships> stream, HttpContext context, TimeProvider clock)
    {
        var errors = new FieldErrors().Required("name", command.Name).Required("where", command.Where);
        var problem = RoleChangeRules.Check(command, errors, account, stream.StartingVersion, context, clock.GetUtcNow());
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
        NoteCompetitor command, [WriteAggregate("accountId")] AccountRelationships account, IEventStream<AccountRelationships> stream, ClaimsPrincipal user, TimeProvider clock)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        return (new CompetitorRecorded(account.Id, id, (stream.StartingVersion ?? 0) + 1),
            [new CompetitorNoted(account.Id, id, command.Name.Trim(), command.Where.Trim(), command.EffectiveDate(clock), command.When(clock), user.Actor())]);
    }
}
