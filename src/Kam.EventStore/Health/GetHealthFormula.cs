using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Health;

public static class GetHealthFormulaEndpoint
{
    /// <summary>One version of the health formula.</summary>
    /// <remarks>Version 0 is built in; 1, 2... as registered. 404 for a version that does not exist.</remarks>
    /// <param name="version">The version's number.</param>
    [WolverineGet("/api/health-formulas/{version}", OperationId = "GetHealthFormula")]
    [Tags("Health")]
    [ProducesResponseType<HealthFormula>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(int version, IQuerySession session, CancellationToken cancellation) =>
        HealthFormulaBook.Find(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation), version) is { } formula
            ? Results.Ok(formula)
            : Results.Problem(Problems.NotFound("Health formula version", version));
}
