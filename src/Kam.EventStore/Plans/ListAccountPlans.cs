using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Plans;

/// <summary>An account plan in a list: what it covers, where it stands.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Title">Its latest version's title.</param>
/// <param name="PeriodFrom">First day of the period it covers.</param>
/// <param name="PeriodTo">Last day of the period it covers.</param>
/// <param name="AuthorPersonId">Who drafted it.</param>
/// <param name="Status">Draft, SignedOff or Closed.</param>
/// <param name="PlanVersion">Its latest version.</param>
/// <param name="SignedOffVersion">The latest version signed off, if any.</param>
/// <param name="Objectives">How many objectives the latest version has.</param>
/// <param name="OpenActions">How many of its actions are neither done nor dropped.</param>
/// <param name="ClosedOn">When it was closed.</param>
public sealed record PlanSummary(
    Guid PlanId, Guid AccountId, string Title, DateOnly PeriodFrom, DateOnly PeriodTo, string AuthorPersonId, PlanStatus Status, int PlanVersion,
    int? SignedOffVersion, int Objectives, int OpenActions, DateOnly? ClosedOn)
{
    public static PlanSummary Of(AccountPlan plan) => new(
        plan.Id, plan.AccountId, plan.Content.Title, plan.PeriodFrom, plan.PeriodTo, plan.AuthorPersonId, plan.Status, plan.PlanVersion,
        plan.SignOffs.Count == 0 ? null : plan.SignOffs.Max(s => s.PlanVersion), plan.Content.Objectives.Count,
        plan.Content.Actions.Count(a => plan.OutcomeOf(a.ActionId) is null), plan.ClosedOn);
}

public static class ListAccountPlansEndpoint
{
    /// <summary>Where the previous page ended: plans are listed in the order they were drafted (their ids are time-ordered).</summary>
    public sealed record Position(Guid Id);

    /// <summary>The account's plans: now, as recorded at an instant, or as they stood on a business date.</summary>
    /// <remarks>
    /// Every plan of the account with its period, status and latest version. With <c>asOf</c> and/or <c>on</c>: the plans as the
    /// whole-account view shows them then (see <c>GET /api/accounts/{accountId}/view</c>). Keyset-paged by plan id. 404 when the account does not exist (or had not been designated by then).
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as they stood on that date.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/plans", OperationId = "ListAccountPlans")]
    [Tags("Account plans")]
    [ProducesResponseType<Page<PlanSummary>>(StatusCodes.Status200OK)]
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

        IReadOnlyList<AccountPlan> plans;
        if (asOf is null && on is null)
        {
            var query = session.Query<AccountPlan>().Where(p => p.AccountId == accountId);
            if (after is not null)
            {
                var from = after.Id;
                query = query.Where(p => p.Id.CompareTo(from) > 0);
            }

            plans = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(cancellation);
            if (plans.Count == 0 && after is null && await session.LoadAsync<Accounts.KeyAccount>(accountId, cancellation) is null)
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

            plans = [.. view.Plans.Values.Where(p => after is null || p.Id.CompareTo(after.Id) > 0).OrderBy(p => p.Id).Take(take + 1)];
        }

        var items = plans.Take(take).Select(PlanSummary.Of).ToList();
        return Results.Ok(new Page<PlanSummary>(items, plans.Count > take ? Paging.Encode(new Position(items[^1].PlanId)) : null));
    }
}
