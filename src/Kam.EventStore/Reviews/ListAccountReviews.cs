using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Reviews;

public static class ListAccountReviewsEndpoint
{
    /// <summary>The management reviews issued on an account, by the date they are of.</summary>
    /// <remarks>
    /// Each issued review with the date it is of, the instant it was generated from, the formula version, the review it reports
    /// changes since, the SHA-256 of its content, and who issued it when. Read one at <c>/api/account-reviews/{reviewId}</c>.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    [WolverineGet("/api/accounts/{accountId}/reviews", OperationId = "ListAccountReviews")]
    [Tags("Reviews")]
    [ProducesResponseType<IReadOnlyList<AccountReview>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid accountId, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<AccountStatus>(accountId);
        var reviews = batch.Query<AccountReview>().Where(r => r.AccountId == accountId).ToList();
        await batch.Execute(cancellation);
        if (await account is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        return Results.Ok((await reviews).OrderBy(r => r.On).ThenBy(r => r.IssuedAt).ThenBy(r => r.Id).ToList());
    }
}
