using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Projects;

public static class ListOpenProjectRisksEndpoint
{
    /// <summary>Where the previous page ended.</summary>
    public sealed record Position(decimal Exposure, Guid Id);

    /// <summary>Open risks across accounts, for dashboards: by default those of high or critical impact.</summary>
    /// <remarks>
    /// Risks neither realised nor closed, on open projects, of at least <c>minImpact</c> (default High) and <c>minProbability</c>
    /// (default 0); highest exposure (probability times impact rank) first, keyset-paged, from the dashboard rows (no replay).
    /// </remarks>
    /// <param name="minImpact">The lowest impact to list: Low, Medium, High (default) or Critical.</param>
    /// <param name="minProbability">The lowest probability to list, 0-1 (default 0).</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/projects/open-risks", OperationId = "ListOpenProjectRisks")]
    [Tags("Joint projects")]
    [ProducesResponseType<Page<RiskWatch>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, CancellationToken cancellation, RiskImpact? minImpact = null, decimal? minProbability = null, string? cursor = null,
        int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (minProbability is < 0m or > 1m)
        {
            problem = Problems.Invalid("minProbability", "Must be from 0 to 1.");
        }

        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var rank = ProjectWatches.Rank(minImpact ?? RiskImpact.High);
        var probability = minProbability ?? 0m;
        var query = session.Query<RiskWatch>()
            .Where(r => r.ProjectOpen && r.Status == RiskStatus.Open && r.ImpactRank >= rank && r.Probability >= probability);
        if (after is not null)
        {
            var (exposure, id) = (after.Exposure, after.Id);
            query = query.Where(r => r.Exposure < exposure || (r.Exposure == exposure && r.Id.CompareTo(id) > 0));
        }

        var rows = await query.OrderByDescending(r => r.Exposure).ThenBy(r => r.Id).Take(take + 1).ToListAsync(cancellation);
        var items = rows.Take(take).ToList();
        return Results.Ok(new Page<RiskWatch>(items, rows.Count > take ? Paging.Encode(new Position(items[^1].Exposure, items[^1].Id)) : null));
    }
}
