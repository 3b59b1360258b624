using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Projects;

public static class ListPendingChangeRequestsEndpoint
{
    /// <summary>Where the previous page ended.</summary>
    public sealed record Position(DateOnly ProposedOn, Guid Id);

    /// <summary>Change requests waiting for a decision across accounts, for dashboards.</summary>
    /// <remarks>
    /// Proposed and neither approved nor rejected, on open projects; with <c>approver</c>, those routed to that person. Oldest first,
    /// keyset-paged, from the dashboard rows (no replay).
    /// </remarks>
    /// <param name="approver">Only those routed to this person (person id).</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/projects/pending-change-requests", OperationId = "ListPendingChangeRequests")]
    [Tags("Joint projects")]
    [ProducesResponseType<Page<ChangeRequestWatch>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken cancellation, string? approver = null, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var query = session.Query<ChangeRequestWatch>().Where(c => c.ProjectOpen && c.Status == ChangeRequestStatus.Proposed);
        if (approver is not null)
        {
            var who = PersonIds.Normalize(approver);
            query = query.Where(c => c.PendingApproverPersonId == who);
        }

        if (after is not null)
        {
            var (proposed, id) = (after.ProposedOn, after.Id);
            query = query.Where(c => c.ProposedOn > proposed || (c.ProposedOn == proposed && c.Id.CompareTo(id) > 0));
        }

        var rows = await query.OrderBy(c => c.ProposedOn).ThenBy(c => c.Id).Take(take + 1).ToListAsync(cancellation);
        var items = rows.Take(take).ToList();
        return Results.Ok(new Page<ChangeRequestWatch>(items, rows.Count > take ? Paging.Encode(new Position(items[^1].ProposedOn, items[^1].Id)) : null));
    }
}
