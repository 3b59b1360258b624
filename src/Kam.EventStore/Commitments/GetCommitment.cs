using Kam.EventStore.Accounts;
using Kam.EventStore.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Commitments;

/// <summary>A commitment as it stands, and its full lineage: every event with who recorded it, when, and why.</summary>
/// <param name="Commitment">Where it stands now.</param>
/// <param name="Lineage">Every event of the commitment, in order, with provenance.</param>
public sealed record CommitmentWithLineage(Commitment Commitment, IReadOnlyList<RecordedEvent> Lineage);

public static class GetCommitmentEndpoint
{
    /// <summary>A commitment and its lineage.</summary>
    /// <remarks>
    /// The register row (terms, status, owner, whether it is overdue) with an <c>ETag</c>, and every event of the
    /// commitment: made (with the authority check applied then), approvals, amendments (with reasons and checks),
    /// ownership changes, overdue, and how it ended.
    /// </remarks>
    [WolverineGet("/api/commitments/{commitmentId}", OperationId = "GetCommitment")]
    [Tags("Commitments")]
    [ProducesResponseType<CommitmentWithLineage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid commitmentId, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        var commitment = await session.LoadAsync<Commitment>(commitmentId, cancellation);
        if (commitment is null)
        {
            return Results.Problem(Problems.NotFound("Commitment", commitmentId));
        }

        var events = await session.Events.FetchStreamAsync(commitmentId, token: cancellation);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(events.Count);
        return Results.Ok(new CommitmentWithLineage(commitment, [.. events.Select(RecordedEvent.From)]));
    }
}
