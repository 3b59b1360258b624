using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Projects;

/// <summary>A project in a list: where it stands on the list's date.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Name">Its name.</param>
/// <param name="LeadPersonId">Our project lead.</param>
/// <param name="StartedOn">When it started.</param>
/// <param name="Status">Open, Delivered or Cancelled.</param>
/// <param name="DeliveredLate">Delivered, with some milestone reached after the date planned for it.</param>
/// <param name="Rag">The latest status report's colour.</param>
/// <param name="Budget">The budget in force.</param>
/// <param name="LateMilestones">Milestones not reached and past their date in force on the list's date.</param>
/// <param name="OpenRisks">Risks neither realised nor closed.</param>
/// <param name="OpenIssues">Issues not resolved.</param>
/// <param name="PendingChangeRequests">Change requests waiting for a decision.</param>
public sealed record ProjectSummary(
    Guid ProjectId, Guid AccountId, string Name, string LeadPersonId, DateOnly StartedOn, ProjectStatus Status, bool DeliveredLate, Rag? Rag, Money Budget,
    int LateMilestones, int OpenRisks, int OpenIssues, int PendingChangeRequests)
{
    public static ProjectSummary Of(Project p, DateOnly on) => new(
        p.Id, p.AccountId, p.Name, p.LeadPersonId, p.StartedOn,
        p.Outcome switch { ProjectOutcome.Delivered => ProjectStatus.Delivered, ProjectOutcome.Cancelled => ProjectStatus.Cancelled, _ => ProjectStatus.Open },
        p.DeliveredLate, p.Rag, p.Budget, p.IsOpen ? p.Milestones.Count(m => m.ReachedOn is null && on > m.DueOn) : 0,
        p.Risks.Count(r => r.Status == RiskStatus.Open), p.Issues.Count(i => i.ResolvedOn is null),
        p.ChangeRequests.Count(c => c.Status == ChangeRequestStatus.Proposed));
}

public static class ListAccountProjectsEndpoint
{
    /// <summary>Where the previous page ended: projects are listed in the order they were started (their ids are time-ordered).</summary>
    public sealed record Position(Guid Id);

    /// <summary>The account's joint development projects: now, as recorded at an instant, or as they stood on a business date.</summary>
    /// <remarks>
    /// Every project of the account with its status, colour, budget and counts of late milestones, open risks and issues and pending
    /// change requests. With <c>asOf</c> and/or <c>on</c>: the projects as the whole-account view shows them then. Keyset-paged by project id. 404 when the account does not exist (or had not been designated by then).
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as they stood on that date.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/projects", OperationId = "ListAccountProjects")]
    [Tags("Joint projects")]
    [ProducesResponseType<Page<ProjectSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, DateTimeOffset? asOf = null, DateOnly? on = null,
        string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        IReadOnlyList<Project> projects;
        if (asOf is null && on is null)
        {
            var query = session.Query<Project>().Where(p => p.AccountId == accountId);
            if (after is not null)
            {
                var from = after.Id;
                query = query.Where(p => p.Id.CompareTo(from) > 0);
            }

            projects = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(cancellation);
            if (projects.Count == 0 && after is null && await session.LoadAsync<Accounts.KeyAccount>(accountId, cancellation) is null)
            {
                return Results.Problem(Problems.NotFound("Key account", accountId));
            }
        }
        else
        {
            var view = await AccountViewReads.AsOfAsync(session, accountId, PastViews.Instant(asOf, now), cancellation, on);
            if (view is null)
            {
                return Results.Problem(GetAccountViewEndpoint.NotYet(accountId, PastViews.Instant(asOf, now), on));
            }

            projects = [.. view.Projects.Values.Where(p => after is null || p.Id.CompareTo(after.Id) > 0).OrderBy(p => p.Id).Take(take + 1)];
        }

        var date = on ?? PastViews.DateOf(PastViews.Instant(asOf, now));
        var items = projects.Take(take).Select(p => ProjectSummary.Of(p, date)).ToList();
        return Results.Ok(new Page<ProjectSummary>(items, projects.Count > take ? Paging.Encode(new Position(items[^1].ProjectId)) : null));
    }
}
