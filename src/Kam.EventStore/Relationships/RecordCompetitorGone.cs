using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record that a competitor is no longer present at the customer.</summary>
public sealed record RecordCompetitorGone : RoleChange
{
    /// <summary>Why, optional.</summary>
    /// <example>Their contract was not renewed</example>
    public string? Reason { get; init; }
}

public static class RecordCompetitorGoneEndpoint
{
    public static ProblemDetails Validate(
        RecordCompetitorGone command, Guid competitorId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Optional("reason", command.Reason, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var competitor = account.Competitors.FirstOrDefault(c => c.Id == competitorId);
        if (competitor is null)
        {
            return Problems.NotFound("Competitor presence", competitorId);
        }

        return competitor.GoneOn is { } gone
            ? Problems.Conflict("competitor-gone", $"{competitor.Name} is recorded as gone since {gone:yyyy-MM-dd}.")
            : RoleChangeRules.NotBefore(command.EffectiveDate(now), competitor.Since, $"{competitor.Name} has been present");
    }

    /// <summary>Record that a competitor is no longer present.</summary>
    /// <remarks>Appends <c>CompetitorNoLongerPresent</c>.</remarks>
    [WolverinePost("/api/accounts/{accountId}/competitors/{competitorId}/departure", OperationId = "RecordCompetitorGone")]
    [Tags("Competitors")]
    public static Events Post(
        RecordCompetitorGone command, Guid competitorId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new CompetitorNoLongerPresent(account.Id, competitorId, command.EffectiveDate(now), command.Reason?.Trim(), command.When(now), user.Actor()),
        ];
}
