using Kam.EventStore.History;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Health;

public static class GetAccountHealthEndpoint
{
    /// <summary>An account's health score and why: now, as recorded at any instant, on any business date, under any formula version.</summary>
    /// <remarks>
    /// Each signal of the formula measured on the whole-account view (see <c>GET /api/accounts/{accountId}/view</c>) as recorded by
    /// <c>asOf</c> (default now; a time ahead of now reads as now), for the business date <c>on</c> (default the date of
    /// <c>asOf</c>): its value, what it counted, its points (0 at the formula's bad value, 100 at its good value, linear in
    /// between), its weight and its contribution (points times its share of the applicable weights); the score is the sum of the
    /// contributions, rounded, and its band. A signal that cannot be measured on the account (no budget, no commitment ended
    /// yet) is not applicable and its weight is left out. The formula is the version in force at <c>asOf</c> (the latest
    /// registered by then; version 0 is built in) unless <c>formulaVersion</c> names another: "what would last year's dashboard
    /// have said under this year's formula" is <c>asOf</c> last year with this year's version. The same instant, date and version
    /// always give the same answer. Costs what the view costs: the nearest checkpoint and the events after it.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601) the account is seen as of; default now.</param>
    /// <param name="on">Business date (YYYY-MM-DD) the signals are measured on; default the date of <c>asOf</c>.</param>
    /// <param name="formulaVersion">The formula version to score with; default the one in force at <c>asOf</c>.</param>
    [WolverineGet("/api/accounts/{accountId}/health", OperationId = "GetAccountHealth")]
    [Tags("Health")]
    [ProducesResponseType<HealthScore>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null, int? formulaVersion = null)
    {
        var instant = PastViews.Instant(asOf, now);
        var (formula, problem) = await HealthReads.FormulaAsync(session, formulaVersion, instant, cancellation);
        if (formula is null)
        {
            return Results.Problem(problem);
        }

        return await HealthReads.ScoreAsync(session, accountId, instant, on, formula, cancellation) is { } scored
            ? Results.Ok(scored.Health)
            : Results.Problem(GetAccountViewEndpoint.NotYet(accountId, instant, on));
    }
}
