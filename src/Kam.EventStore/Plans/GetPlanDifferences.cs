using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Plans;

public static class GetPlanDifferencesEndpoint
{
    /// <summary>The difference between two versions of an account plan, field by field.</summary>
    /// <remarks>
    /// Objectives and planned actions added, removed or changed (every field that differs, with its value in each version), strategy
    /// statements added or removed, the title if it changed, and the revisions in between with their reasons. Items are matched by
    /// their ids across versions. Default: the latest version against the one before it. With <c>asOf</c>, only versions recorded
    /// by then exist.
    /// </remarks>
    /// <param name="planId">The plan.</param>
    /// <param name="from">The earlier version (default: the one before <c>to</c>).</param>
    /// <param name="to">The later version (default: the latest).</param>
    /// <param name="asOf">Recorded time (ISO 8601): the versions recorded by then.</param>
    [WolverineGet("/api/plans/{planId}/differences", OperationId = "GetPlanDifferences")]
    [Tags("Account plans")]
    [ProducesResponseType<PlanDifference>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid planId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, int? from = null, int? to = null, DateTimeOffset? asOf = null)
    {
        var plan = await PlanHistory.LoadAsync(session, planId, asOf, null, now, cancellation);
        if (plan is null)
        {
            return Results.Problem(PlanHistory.NotFound(planId, asOf, null));
        }

        var later = to ?? plan.PlanVersion;
        var earlier = from ?? Math.Max(1, later - 1);
        var errors = new FieldErrors();
        foreach (var (name, value) in new[] { ("from", earlier), ("to", later) })
        {
            if (value < 1 || value > plan.PlanVersion)
            {
                errors.Add(name, $"Must be a version of the plan: 1 to {plan.PlanVersion}.");
            }
        }

        return errors.Any ? Results.Problem(errors.ToProblem()) : Results.Ok(PlanDifferences.Between(plan, earlier, later));
    }
}
