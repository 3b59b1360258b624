using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Reviews;

public static class GetAccountReviewPageEndpoint
{
    /// <summary>An issued review as a printable HTML page, regenerated from the events.</summary>
    /// <remarks>
    /// The content of <c>GET /api/account-reviews/{reviewId}</c> laid out for management, section by section, with the verification
    /// (the SHA-256 as issued and as regenerated) and every value masked since issue marked and listed. Prints on A4 (the
    /// browser's print to PDF gives the PDF). No script; its only style sheet is allowed by its hash.
    /// </remarks>
    /// <param name="reviewId">The review.</param>
    [WolverineGet("/api/account-reviews/{reviewId}/page", OperationId = "GetAccountReviewPage")]
    [Tags("Reviews")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid reviewId, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        if (await IssuedReviews.RegenerateAsync(session, reviewId, cancellation) is not { } review)
        {
            return Results.Problem(Problems.NotFound("Account review", reviewId));
        }

        GetAccountReviewEndpoint.Headers(context, review);
        context.Items[BrowserSecurity.ContentSecurityPolicyItem] = ReviewPage.ContentSecurityPolicy;
        context.Response.Headers.ContentDisposition = $"inline; filename=\"account-review-{reviewId:D}.html\"";
        return Results.Content(ReviewPage.Render(review), "text/html; charset=utf-8");
    }
}
