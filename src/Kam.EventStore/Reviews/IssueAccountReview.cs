using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Reviews;

/// <summary>Issue a management review of a key account as of a date, with the KAM's commentary.</summary>
public sealed record IssueAccountReview
{
    /// <summary>Optional client-chosen review id; generated when omitted.</summary>
    /// <example>0196f1d1-5fb2-7000-8000-000000000001</example>
    public Guid? ReviewId { get; init; }

    /// <summary>The business date the review is of; default the date of <c>asOf</c>. Not in the future, not after the date of <c>asOf</c>.</summary>
    public DateOnly? On { get; init; }

    /// <summary>The recorded instant the review is generated from (ISO 8601); default now. Not in the future.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The KAM's commentary for management: required, at most 20,000 characters.</summary>
    /// <example>Coverage improved with the new CFO; the late audit report cost us trust. Next: the service-level renewal in Q1.</example>
    public string Commentary { get; init; } = "";
}

/// <summary>What issuing a review answers (201, with its address).</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="AccountId">The account.</param>
/// <param name="On">The business date it is of.</param>
/// <param name="AsOf">The recorded instant its content was generated from.</param>
/// <param name="FormulaVersion">The health formula version it scored with.</param>
/// <param name="ContentSha256">SHA-256 (hex) of its content: every later download regenerates the same bytes.</param>
/// <param name="Version">The review stream's version (1).</param>
public sealed record AccountReviewCreated(Guid ReviewId, Guid AccountId, DateOnly On, DateTimeOffset AsOf, int FormulaVersion, string ContentSha256, long Version)
    : CreationResponse($"/api/account-reviews/{ReviewId}");

/// <summary>What issuing a review is decided against.</summary>
/// <param name="Account">The account now (null when unknown).</param>
/// <param name="Sources">What the review would be generated from (null when the request's dates are refused).</param>
/// <param name="Taken">True when a review with the requested id exists.</param>
public sealed record ReviewRequest(KeyAccount? Account, ReviewSources? Sources, bool Taken);

public static class IssueAccountReviewEndpoint
{
    /// <summary>The longest commentary.</summary>
    public const int MaxCommentary = 20_000;

    public static async Task<ReviewRequest> LoadAsync(IssueAccountReview command, Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var account = await session.LoadAsync<KeyAccount>(accountId, cancellation);
        var taken = command.ReviewId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null;
        if (account is null || Problems.Found(Dates(command, now)))
        {
            return new ReviewRequest(account, null, taken);
        }

        var (on, asOf) = When(command, now);
        return new ReviewRequest(account, await ReviewSources.ForNewAsync(session, command.ReviewId ?? Guid.CreateVersion7(now), accountId, on, asOf, cancellation), taken);
    }

    public static ProblemDetails Validate(IssueAccountReview command, Guid accountId, ReviewRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("commentary", command.Commentary, MaxCommentary);
        if (command.ReviewId == Guid.Empty)
        {
            errors.Add("reviewId", "Must not be the all-zero id.");
        }

        var dates = Dates(command, now);
        if (errors.Any || Problems.Found(dates))
        {
            return Problems.Found(dates) && !errors.Any ? dates : errors.ToProblem();
        }

        if (request.Account is null)
        {
            return Problems.NotFound("Key account", accountId);
        }

        if (request.Sources?.View is null)
        {
            var (on, asOf) = When(command, now);
            return Problems.Rule("not-designated-then",
                $"The account had not been designated by {on:yyyy-MM-dd} as recorded by {ReviewContent.Instant(asOf)}: there is nothing to review then.");
        }

        return request.Taken ? Problems.Conflict("duplicate-review", $"Review {command.ReviewId} already exists.") : Problems.None;
    }

    /// <summary>Issue a management review of the account.</summary>
    /// <remarks>
    /// Generates the review from the whole-account view of <c>on</c> as recorded at <c>asOf</c>: status; roles and coverage;
    /// commitments (overdue on that date, kept and broken since the previous review); results against budget; health with its
    /// explanation (the formula version in force at <c>asOf</c>); the differences since the previous review (the account's
    /// latest review of an earlier date), as the changes endpoint computes them; and the commentary. Appends
    /// <c>AccountReviewIssued</c> with the instant and the last event it was generated from, the formula version and the
    /// SHA-256 of its canonical JSON. <c>GET /api/account-reviews/{reviewId}</c> regenerates it from the events, byte for byte.
    /// Refused: a future <c>asOf</c> or <c>on</c>, <c>on</c> after the date of <c>asOf</c>, commentary over 20,000 characters
    /// (400); an account not designated by then (422 <c>not-designated-then</c>).
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/reviews", OperationId = "IssueAccountReview")]
    [Tags("Reviews")]
    public static (AccountReviewCreated, IStartStream) Post(IssueAccountReview command, Guid accountId, ReviewRequest request, DateTimeOffset now, ClaimsPrincipal user)
    {
        var sources = request.Sources!;
        var by = user.Actor();
        var commentary = command.Commentary.Trim();
        var document = ReviewDocument.Of(ReviewContent.Generate(sources, commentary, by, now), sources.View!);
        var issued = new AccountReviewIssued(accountId, sources.ReviewId, sources.On, sources.AsOf, sources.View!.Sequence, sources.Formula.Version,
            sources.Previous?.Id, commentary, document.Sha256, document.SkeletonSha256, now, by);
        return (new AccountReviewCreated(sources.ReviewId, accountId, sources.On, sources.AsOf, sources.Formula.Version, document.Sha256, 1),
            MartenOps.StartStream<AccountReview>(sources.ReviewId, issued));
    }

    /// <summary>The review's business date and recorded instant: <c>asOf</c> or now; <c>on</c> or the date of that instant.</summary>
    private static (DateOnly On, DateTimeOffset AsOf) When(IssueAccountReview command, DateTimeOffset now)
    {
        var asOf = PastViews.Instant(command.AsOf, now);
        return (command.On ?? PastViews.DateOf(asOf), asOf);
    }

    private static ProblemDetails Dates(IssueAccountReview command, DateTimeOffset now)
    {
        var errors = new FieldErrors().NotInFuture("asOf", command.AsOf, now).NotInFuture("on", command.On, now);
        if (!errors.Any && command.On is { } on && command.AsOf is { } asOf && on > PastViews.DateOf(asOf.ToUniversalTime()))
        {
            errors.Add("on", "Must not be after the date of asOf: a review cannot tell of facts not recorded by then.");
        }

        return errors.ToProblem();
    }
}
