using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Plans;

/// <summary>The one loader of a plan's state: now, as recorded at an instant, as it stood on a business date, or both.</summary>
public static class PlanHistory
{
    /// <summary>
    /// The plan as it stands (its stored row), or folded from its events recorded by <paramref name="asOf"/> and dated by
    /// <paramref name="on"/>, with the same <c>Create</c>/<c>Apply</c>; null when it had not been drafted (or recorded) by then.
    /// </summary>
    public static async Task<AccountPlan?> LoadAsync(
        IQuerySession session, Guid planId, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now, CancellationToken cancellation)
    {
        if (asOf is null && on is null)
        {
            return await session.LoadAsync<AccountPlan>(planId, cancellation);
        }

        var events = (await session.Events.FetchStreamAsync(planId, timestamp: asOf is null ? null : PastViews.Instant(asOf, now), token: cancellation))
            .Where(e => on is null || BusinessTime.DateOf(e.Data) <= on)
            .ToList();
        var plan = AccountPlan.Fold(events.Select(e => e.Data));
        plan?.Version = events[^1].Version;
        return plan;
    }

    /// <summary>The commitments made for the plan's actions, as of the same instant and date as the plan.</summary>
    public static Task<IReadOnlyList<Commitment>> CommitmentsAsync(
        IQuerySession session, AccountPlan plan, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now, CancellationToken cancellation)
    {
        var planId = plan.Id;
        return LinkedCommitments.OfAsync(session, plan.AccountId, c => c.PlanAction != null && c.PlanAction.PlanId == planId,
            asOf is null ? null : PastViews.Instant(asOf, now), on, cancellation);
    }

    /// <summary>404: no such plan, or not drafted (or recorded) by then.</summary>
    public static ProblemDetails NotFound(Guid planId, DateTimeOffset? asOf, DateOnly? on) =>
        Problems.Make(StatusCodes.Status404NotFound, "not-found", "Account plan not found.",
            asOf is null && on is null
                ? $"No account plan with id '{planId}'."
                : $"No account plan with id '{planId}' had been drafted{(on is { } d ? $" by {d:yyyy-MM-dd}" : "")}{(asOf is { } at ? $" as recorded by {at:O}" : "")}.");
}

public static class GetAccountPlanEndpoint
{
    /// <summary>An account plan at any of its versions: now, as recorded at an instant, or as it stood on a business date.</summary>
    /// <remarks>
    /// The plan's latest version (or <c>planVersion</c>): its objectives with the customer's agreements (who, when, to which version,
    /// and whether the objective still reads as agreed) and the progress measured (latest value and attainment from baseline to
    /// target), its strategy statements, its actions with what became of them and the commitments made for them, every revision
    /// (when, why, by whom) and every sign-off. With <c>asOf</c> (an instant): as recorded by then. With <c>on</c> (a business date):
    /// the facts dated by then (the version in force on that date, agreements, sign-offs and measurements made by then). Both: what
    /// our records said at <c>asOf</c> about <c>on</c>. 404 when the plan (or that version) did not exist then.
    /// </remarks>
    /// <param name="planId">The plan.</param>
    /// <param name="planVersion">The version to show (1 = as drafted); default the latest by then.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as it stood on that date.</param>
    [WolverineGet("/api/plans/{planId}", OperationId = "GetAccountPlan")]
    [Tags("Account plans")]
    [ProducesResponseType<PlanView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid planId, IQuerySession session, HttpContext context, DateTimeOffset now, CancellationToken cancellation, int? planVersion = null,
        DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        if (planVersion is < 1)
        {
            return Results.Problem(Problems.Invalid("planVersion", "Must be 1 or more."));
        }

        var plan = await PlanHistory.LoadAsync(session, planId, asOf, on, now, cancellation);
        if (plan is null)
        {
            return Results.Problem(PlanHistory.NotFound(planId, asOf, on));
        }

        if (planVersion > plan.PlanVersion)
        {
            return Results.Problem(Problems.Make(StatusCodes.Status404NotFound, "not-found", "Plan version not found.",
                $"The plan had {plan.PlanVersion} version(s) then; there is no version {planVersion}."));
        }

        var roles = await session.LoadAsync<AccountRoles>(plan.AccountId, cancellation);
        var commitments = await PlanHistory.CommitmentsAsync(session, plan, asOf, on, now, cancellation);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(plan.Version);
        return Results.Ok(PlanView.Of(plan, planVersion ?? plan.PlanVersion, roles, commitments, on));
    }
}
