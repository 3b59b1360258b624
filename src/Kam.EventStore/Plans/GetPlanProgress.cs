using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Plans;

/// <summary>Progress against each objective of a plan's version in force.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="PlanVersion">The version whose objectives are shown.</param>
/// <param name="On">The business date of the view; null for everything recorded (by <c>asOf</c>).</param>
/// <param name="Objectives">Each objective: metric, baseline, target, due date, and the progress measured.</param>
public sealed record PlanProgress(Guid PlanId, int PlanVersion, DateOnly? On, IReadOnlyList<ObjectiveProgressLine> Objectives);

/// <summary>One objective and the progress measured against it.</summary>
public sealed record ObjectiveProgressLine(
    Guid ObjectiveId, string Description, string Metric, string? Unit, decimal Baseline, decimal Target, DateOnly DueOn, ObjectiveProgress Progress);

public static class GetPlanProgressEndpoint
{
    /// <summary>Progress against each objective of an account plan.</summary>
    /// <remarks>
    /// For each objective of the version in force: the latest value measured, when, the attainment from the baseline towards the target
    /// in force (in percent: 100 is the target reached) and every measurement. With <c>on</c>: the version in force and the values
    /// measured by that date; with <c>asOf</c>: as recorded by then.
    /// </remarks>
    /// <param name="planId">The plan.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as it stood on that date.</param>
    [WolverineGet("/api/plans/{planId}/progress", OperationId = "GetPlanProgress")]
    [Tags("Account plans")]
    [ProducesResponseType<PlanProgress>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid planId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation, DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        var plan = await PlanHistory.LoadAsync(session, planId, asOf, on, now, cancellation);
        return plan is null
            ? Results.Problem(PlanHistory.NotFound(planId, asOf, on))
            : Results.Ok(new PlanProgress(plan.Id, plan.PlanVersion, on, [.. plan.Content.Objectives.Select(o => new ObjectiveProgressLine(
                o.ObjectiveId, o.Description, o.Metric, o.Unit, o.Baseline, o.Target, o.DueOn, ObjectiveProgress.Of(o, plan.Measurements)))]));
    }
}
