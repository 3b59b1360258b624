using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Health;

public static class ListHealthFormulasEndpoint
{
    /// <summary>Every version of the health formula, the built-in version 0 first.</summary>
    /// <remarks>
    /// Each version with its signals (weight, good and bad values), bands, stage probabilities, and when and by whom it was
    /// registered. The last one is in force now; scores as of an instant use the last one registered by then.
    /// </remarks>
    [WolverineGet("/api/health-formulas", OperationId = "ListHealthFormulas")]
    [Tags("Health")]
    [ProducesResponseType<IReadOnlyList<HealthFormula>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<HealthFormula>> Get(IQuerySession session, CancellationToken cancellation) =>
        HealthFormulaBook.All(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation));
}
