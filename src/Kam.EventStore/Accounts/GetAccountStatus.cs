using Kam.EventStore.Infrastructure;
using Kam.EventStore.Interactions;
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
    /// (or the body's <c>version</c>) on a write to make it conditional. <c>interactions</c> is the contact activity
    /// as of now (last interaction, counts in the last 30 and 90 days, stakeholders and levels met): it changes with
    /// interactions and with the date, neither of which moves the account's version, so this read never answers 304.
    /// </remarks>
    [WolverineGet("/api/accounts/{accountId}", OperationId = "GetAccountStatus")]
    [Tags("Accounts")]
    [ProducesResponseType<AccountStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, HttpContext context, TimeProvider clock, CancellationToken cancellation)
    {
        var status = await session.LoadAsync<AccountStatus>(accountId, cancellation);
        if (status is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        status.Interactions = (await Contacts.ActivityAsync(session, [accountId], clock.GetUtcNow(), cancellation))[accountId];
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(status.Version);
        return Results.Ok(status);
    }
}
