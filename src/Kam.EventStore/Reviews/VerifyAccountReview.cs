using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Reviews;

public static class VerifyAccountReviewEndpoint
{
    /// <summary>Whether an issued review regenerates as issued, and which of its values show masked.</summary>
    /// <remarks>
    /// Regenerates the review from the events and compares the SHA-256 of its bytes with the one recorded at issue. After a
    /// stakeholder's personal data was erased (a right that outlives any report), the values that were theirs show masked and
    /// the bytes differ there; the skeleton's SHA-256 (the review with every personal value replaced by a placeholder) then still
    /// proves every other value. The verdict: <c>Identical</c>, <c>IdenticalButErased</c> (with the masked fields by JSON
    /// Pointer) or <c>Differs</c>.
    /// </remarks>
    /// <param name="reviewId">The review.</param>
    [WolverineGet("/api/account-reviews/{reviewId}/verification", OperationId = "VerifyAccountReview")]
    [Tags("Reviews")]
    [ProducesResponseType<ReviewVerification>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid reviewId, IQuerySession session, CancellationToken cancellation) =>
        await IssuedReviews.RegenerateAsync(session, reviewId, cancellation) is { } review
            ? Results.Ok(review.Verification)
            : Results.Problem(Problems.NotFound("Account review", reviewId));
}
