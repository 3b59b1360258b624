using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Reviews;

public static class GetAccountReviewEndpoint
{
    /// <summary>An issued review as JSON, regenerated from the events: the bytes that were issued.</summary>
    /// <remarks>
    /// The review is not stored: it is generated again from the account's events up to those it was issued from, the formula
    /// version it used, the previous review and the commentary recorded with <c>AccountReviewIssued</c>, as canonical JSON (members
    /// in ordinal order, numbers in their shortest form, no whitespace), so the answer is byte for byte what was issued, after
    /// any number of later events and any rebuild of the read models. <c>Repr-Digest</c> carries the SHA-256 of the answer;
    /// <c>Kam-Review-Verdict</c> says whether it equals the SHA-256 recorded at issue (<c>Identical</c>) or differs only where a
    /// stakeholder's personal data was erased since (<c>IdenticalButErased</c>, those fields listed in <c>Kam-Review-Masked</c>;
    /// see <c>/verification</c>). Sent as a download (<c>Content-Disposition: attachment</c>).
    /// </remarks>
    /// <param name="reviewId">The review.</param>
    [WolverineGet("/api/account-reviews/{reviewId}", OperationId = "GetAccountReview")]
    [Tags("Reviews")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid reviewId, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        if (await IssuedReviews.RegenerateAsync(session, reviewId, cancellation) is not { } review)
        {
            return Results.Problem(Problems.NotFound("Account review", reviewId));
        }

        Headers(context, review);
        context.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(review.Document.Sha256))}:";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"account-review-{reviewId:D}.json\"";
        return Results.Bytes(review.Document.Content, "application/json");
    }

    /// <summary>The headers that say whether the review is what was issued, and what shows masked.</summary>
    public static void Headers(HttpContext context, RegeneratedReview review)
    {
        context.Response.Headers["Kam-Review-Verdict"] = review.Verification.Verdict.ToString();
        if (review.Verification.MaskedFields.Count > 0)
        {
            context.Response.Headers["Kam-Review-Masked"] = string.Join(", ", review.Verification.MaskedFields);
        }
    }
}
