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
    /// <summary>A commitment and its lineage: now, as recorded at an instant, or as it stood on a business date.</summary>
    /// <remarks>
    /// The register row (terms, status, owner, whether it is overdue) with an <c>ETag</c>, and every event of the
    /// commitment: made (with the authority check applied then), approvals, amendments (with reasons and checks),
    /// ownership changes, overdue, and how it ended. With <c>asOf</c> (an instant): the commitment and its lineage as recorded by
    /// then. With <c>on</c> (a business date): as the facts dated by then stood on that date (overdue when open and past the due
    /// date in force then), with the lineage of those facts (a scheduled overdue check made stale by an amendment dated before it
    /// is not one of them). Both: what our records said at <c>asOf</c> about <c>on</c>. 404 when
    /// it had not been made (or recorded) by then.
    /// </remarks>
    /// <param name="commitmentId">The commitment.</param>
    /// <param name="asOf">Recorded time (ISO 8601): as recorded by then.</param>
    /// <param name="on">Business date (YYYY-MM-DD): as it stood on that date.</param>
    [WolverineGet("/api/commitments/{commitmentId}", OperationId = "GetCommitment")]
    [Tags("Commitments")]
    [ProducesResponseType<CommitmentWithLineage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid commitmentId, IQuerySession session, HttpContext context, DateTimeOffset now, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        if (asOf is null && on is null)
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

        // With a business date: the facts dated by then, and not a scheduled overdue check that an amendment dated before it made stale.
        var all = await CommitmentHistory.EventsAsync(session, [commitmentId], asOf is null ? null : History.PastViews.Instant(asOf, now), cancellation);
        var recorded = all
            .Where(e => on is null || (BusinessTime.DateOf(e.Data) <= on
                && !(e.Data is CommitmentBecameOverdue check && StaleOverdueChecks.IsStale(check, all.Select(x => x.Data)))))
            .ToList();
        var past = on is { } date ? Commitment.FoldOn(recorded.Select(e => e.Data), date) : Commitment.Fold(recorded.Select(e => e.Data));
        if (on is not null)
        {
            // As the facts stood on a date, the lineage reads in business time: a scheduled check recorded early (when a
            // history is recorded afterwards) sits on the day it stands for, not where it happened to be recorded.
            recorded = [.. recorded.OrderBy(e => BusinessTime.Of(e.Data)).ThenBy(e => e.Sequence)];
        }

        if (past is null)
        {
            return Results.Problem(Problems.NotFound("Commitment", commitmentId));
        }

        past.Version = recorded.Count == 0 ? 0 : recorded[^1].Version;
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(past.Version);
        return Results.Ok(new CommitmentWithLineage(past, [.. recorded.Select(RecordedEvent.From)]));
    }
}
