using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Projects;

public static class ListLateMilestonesEndpoint
{
    /// <summary>Where the previous page ended.</summary>
    public sealed record Position(DateOnly DueOn, Guid Id);

    /// <summary>Late milestones across accounts, for dashboards: not reached, their date in force passed, on open projects.</summary>
    /// <remarks>
    /// Oldest due date first, keyset-paged, from the dashboard rows (no replay). Late is decided for today (or <c>on</c>): the rows
    /// hold dates, not a lateness a projection would have had to compute from the clock.
    /// </remarks>
    /// <param name="on">The date to count lateness on (YYYY-MM-DD); default today.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/projects/late-milestones", OperationId = "ListLateMilestones")]
    [Tags("Joint projects")]
    [ProducesResponseType<Page<MilestoneWatch>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, DateTimeOffset now, CancellationToken cancellation, DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var today = on ?? BusinessTime.Today(now);
        var query = session.Query<MilestoneWatch>().Where(m => m.ProjectOpen && m.ReachedOn == null && m.DueOn < today);
        if (after is not null)
        {
            var (due, id) = (after.DueOn, after.Id);
            query = query.Where(m => m.DueOn > due || (m.DueOn == due && m.Id.CompareTo(id) > 0));
        }

        var rows = await query.OrderBy(m => m.DueOn).ThenBy(m => m.Id).Take(take + 1).ToListAsync(cancellation);
        var items = rows.Take(take).ToList();
        return Results.Ok(new Page<MilestoneWatch>(items, rows.Count > take ? Paging.Encode(new Position(items[^1].DueOn, items[^1].Id)) : null));
    }
}
