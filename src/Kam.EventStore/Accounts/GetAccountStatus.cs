using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.Interactions;
using Kam.EventStore.Sales;
using Marten;
using Marten.Services.BatchQuerying;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Accounts;

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
        Guid accountId, IQuerySession session, HttpContext context, IOptions<StageProbabilities> probabilities, DateTimeOffset now,
        CancellationToken cancellation, DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        if (asOf is not null || on is not null)
        {
            var instant = PastViews.Instant(asOf, now);
            var view = await AccountViewReads.AsOfAsync(session, accountId, instant, cancellation, on);
            if (view is null)
            {
                return Results.Problem(GetAccountViewEndpoint.NotYet(accountId, instant, on));
            }

            var past = PastViews.StatusOf(view);
            past.Interactions = await Contacts.ActivityAsOfAsync(session, accountId, instant, cancellation, on);
            past.Sales = SalesSummary.Of(view.Sales, on ?? PastViews.DateOf(instant), probabilities.Value);
            context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(view.Version);
            return Results.Ok(past);
        }

        // The status, its contact activity and its commitment counts in one round trip.
        var batch = session.CreateBatchQuery();
        var loaded = batch.Load<AccountStatus>(accountId);
        var activity = Contacts.Enlist(batch, [accountId], now);
        var commitments = CommitmentSummaries.Enlist(batch, accountId);
        var sales = batch.Load<AccountSales>(accountId);
        await batch.Execute(cancellation);

        var status = await loaded;
        if (status is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        status.Interactions = (await activity())[accountId];
        status.Commitments = CommitmentSummaries.From(await commitments);
        status.Sales = SalesSummary.Of(await sales, BusinessTime.Today(now), probabilities.Value);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(status.Version);
        return Results.Ok(status);
    }
}

/// <summary>Counts an account's commitments from the register rows (a handful of small columns per commitment).</summary>
public static class CommitmentSummaries
{
    /// <summary>Adds the query of the account's register rows to a batch the caller executes.</summary>
    public static Task<IReadOnlyList<CommitmentFacts>> Enlist(IBatchedQuery batch, Guid accountId) =>
        batch.Query<Commitment>()
            .Where(c => c.AccountId == accountId)
            .Select(c => new CommitmentFacts(c.Status, c.Overdue, c.KeptOnTime))
            .ToList();

    public static CommitmentSummary From(IReadOnlyList<CommitmentFacts> rows)
    {
        var ended = rows.Where(r => r.KeptOnTime is not null).ToList();
        return new CommitmentSummary(
            rows.Count(r => r.Status is CommitmentStatus.InForce or CommitmentStatus.PendingApproval),
            rows.Count(r => r.Overdue && r.Status is CommitmentStatus.InForce or CommitmentStatus.PendingApproval),
            rows.Count(r => r.Status == CommitmentStatus.PendingApproval),
            rows.Count(r => r.Status == CommitmentStatus.Fulfilled),
            rows.Count(r => r.Status == CommitmentStatus.Broken),
            ended.Count == 0 ? null : Math.Round((decimal)ended.Count(r => r.KeptOnTime == true) / ended.Count, 4));
    }

    /// <summary>The register columns the summary needs.</summary>
    public sealed record CommitmentFacts(CommitmentStatus Status, bool Overdue, bool? KeptOnTime);
}
