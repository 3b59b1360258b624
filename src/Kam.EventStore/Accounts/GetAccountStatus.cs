using Kam.EventStore.Commitments;
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
    /// as of now (last interaction, counts in the last 30 and 90 days, stakeholders and levels met) and <c>commitments</c>
    /// counts the account's open, overdue and pending commitments and the share kept on time: both change without the
    /// account's version moving (interactions and commitments are streams of their own, and the date moves), so this
    /// read never answers 304.
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
        status.Commitments = await CommitmentSummaries.For(session, accountId, cancellation);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(status.Version);
        return Results.Ok(status);
    }
}

/// <summary>Counts an account's commitments from the register rows (a handful of small columns per commitment).</summary>
public static class CommitmentSummaries
{
    public static async Task<CommitmentSummary> For(IQuerySession session, Guid accountId, CancellationToken cancellation)
    {
        var rows = await session.Query<Commitment>()
            .Where(c => c.AccountId == accountId)
            .Select(c => new CommitmentFacts(c.Status, c.Overdue, c.KeptOnTime))
            .ToListAsync(cancellation);
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
