using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Projects;

public static class ListRedProjectsEndpoint
{
    /// <summary>Where the previous page ended.</summary>
    public sealed record Position(Guid Id);

    /// <summary>Open projects across accounts whose latest status report is red, for dashboards.</summary>
    /// <remarks>Keyset-paged by project id, from the dashboard rows (no replay).</remarks>
    /// <param name="rag">The colour to list (default Red).</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/projects/by-status", OperationId = "ListProjectsByStatus")]
    [Tags("Joint projects")]
    [ProducesResponseType<Page<ProjectWatch>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken cancellation, Rag? rag = null, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var colour = rag ?? Rag.Red;
        var query = session.Query<ProjectWatch>().Where(p => p.Open && p.Rag == colour);
        if (after is not null)
        {
            var from = after.Id;
            query = query.Where(p => p.Id.CompareTo(from) > 0);
        }

        var rows = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(cancellation);
        var items = rows.Take(take).ToList();
        return Results.Ok(new Page<ProjectWatch>(items, rows.Count > take ? Paging.Encode(new Position(items[^1].Id)) : null));
    }
}
