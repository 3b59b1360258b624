using Kam.EventStore.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Accounts;

public static class GetAccountStatusEndpoint
{
    /// <summary>The current status of a key account.</summary>
    /// <remarks>
    /// Answers with the account's <c>version</c>, also as a strong <c>ETag</c>; send it back as <c>If-Match</c>
    /// (or the body's <c>version</c>) on a write to make it conditional. <c>If-None-Match</c> with the
    /// current ETag answers 304.
    /// </remarks>
    [WolverineGet("/api/accounts/{accountId}", OperationId = "GetAccountStatus")]
    [Tags("Accounts")]
    [ProducesResponseType<AccountStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid accountId, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        var status = await session.LoadAsync<AccountStatus>(accountId, cancellation);
        if (status is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        var etag = ExpectedVersion.ETag(status.Version);
        context.Response.Headers[HeaderNames.ETag] = etag;
        return context.Request.Headers[HeaderNames.IfNoneMatch].ToString() == etag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Ok(status);
    }
}
