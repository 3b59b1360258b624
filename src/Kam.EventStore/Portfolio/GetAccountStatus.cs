using Kam.EventStore.History;
using Kam.EventStore.Sales;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Kam.EventStore.Portfolio;

public static class GetAccountStatusEndpoint
{
    /// <summary>The current status of a key account.</summary>
    /// <remarks>
    /// Answers with the account's <c>version</c>, also as a strong <c>ETag</c>; send it back as <c>If-Match</c>
    /// (or the body's <c>version</c>) on a write to make it conditional. <c>interactions</c> is the contact activity
    /// as of now (last interaction, counts in the last 30 and 90 days, stakeholders and levels met) and <c>commitments</c>
    /// counts the account's open, overdue and pending commitments and the share kept on time: both change without the
    /// account's version moving (interactions and commitments are streams of their own, and the date moves), so this
    /// read never answers 304.
    /// <para>
    /// With <c>asOf</c> (a recorded time): the status exactly as the records had it then, with the commitment counts of then
    /// (see <c>GET /api/accounts/{accountId}/view</c>), and the contact activity over the interactions as recorded then, its
    /// "last 30 and 90 days" counted back from <c>asOf</c>. 404 when the account had not been designated by then.
    /// </para>
    /// <para>
    /// With <c>on</c> (a business date): the status as the facts dated by then stood on that date (as recorded by <c>asOf</c>, or
    /// now), with its commitments counted as they stood that day (overdue when open and past the due date in force then) and the
    /// contact activity of the 30 and 90 days up to the end of that date.
    /// </para>
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601): the status as recorded by then; default now.</param>
    /// <param name="on">Business date (YYYY-MM-DD): the status as the facts stood on that date.</param>
    [WolverineGet("/api/accounts/{accountId}", OperationId = "GetAccountStatus")]
    [Tags("Accounts")]
    [ProducesResponseType<AccountStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IDocumentStore store, HttpContext context, IOptions<StageProbabilities> probabilities, IOptions<HttpJsonOptions> json,
        DateTimeOffset now, CancellationToken cancellation, DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        if (asOf is null && on is null)
        {
            // Now: the answer as kept since the documents it shows last changed, or shown now and kept (StatusAnswers).
            if (await StatusAnswers.NowAsync(session, accountId, now, probabilities.Value, json.Value.SerializerOptions, cancellation) is not { } answer)
            {
                return Results.Problem(Problems.NotFound("Key account", accountId));
            }

            context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(answer.Version);
            return Results.Bytes(answer.Json, "application/json; charset=utf-8");
        }

        var status = await AccountStatusReads.LoadAsync(session, accountId, asOf, on, now, probabilities.Value, cancellation);
        if (status is null)
        {
            return Results.Problem(asOf is null && on is null
                ? Problems.NotFound("Key account", accountId)
                : GetAccountViewEndpoint.NotYet(accountId, PastViews.Instant(asOf, now), on));
        }

        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(status.Version);
        return Results.Ok(status);
    }
}
