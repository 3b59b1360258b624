using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Interactions;

public static class GetInteractionEndpoint
{
    /// <summary>One interaction: the record as it reads now, and every earlier reading.</summary>
    /// <remarks>
    /// The current record (as corrected), whether it was retracted, and its revisions oldest first: the original, each
    /// correction with its reason, and the retraction. Answers with the interaction's <c>version</c>, also as a strong
    /// <c>ETag</c>, for <c>If-Match</c> on a correction or retraction.
    /// </remarks>
    [WolverineGet("/api/accounts/{accountId}/interactions/{interactionId}", OperationId = "GetInteraction")]
    [Tags("Interactions")]
    [ProducesResponseType<InteractionRecord>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid accountId, Guid interactionId, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        var record = await session.LoadAsync<InteractionRecord>(interactionId, cancellation);
        if (record is null || record.AccountId != accountId)
        {
            return Results.Problem(Problems.NotFound("Interaction", interactionId));
        }

        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(record.Version);
        return Results.Ok(record);
    }
}
