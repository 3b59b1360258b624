using Kam.EventStore.Health;
using Kam.EventStore.History;
using Marten;

namespace Kam.EventStore.Reviews;

/// <summary>
/// Everything a review's content is generated from, loaded in one place for issuing and for every later regeneration: the
/// whole-account view of the review's date as recorded at its instant, the previous review and the view it was generated from,
/// and the formula version. Nothing else goes into the content, so the content is a function of the events.
/// </summary>
/// <param name="ReviewId">The review.</param>
/// <param name="On">The business date of the review.</param>
/// <param name="AsOf">The recorded instant.</param>
/// <param name="View">The account's view (null when it had not been designated by then).</param>
/// <param name="Formula">The health formula version.</param>
/// <param name="Previous">The previous review, if any.</param>
/// <param name="PreviousView">The view the previous review was generated from.</param>
public sealed record ReviewSources(
    Guid ReviewId, DateOnly On, DateTimeOffset AsOf, AccountView? View, HealthFormula Formula, AccountReview? Previous, AccountView? PreviousView)
{
    /// <summary>
    /// The sources of a new review of <paramref name="on"/> as recorded at <paramref name="asOf"/>: the previous review is the
    /// account's latest issued review of an earlier date; the formula the version in force at <paramref name="asOf"/>.
    /// </summary>
    public static async Task<ReviewSources> ForNewAsync(
        IQuerySession session, Guid reviewId, Guid accountId, DateOnly on, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var previous = (await session.Query<AccountReview>().Where(r => r.AccountId == accountId && r.On < on).ToListAsync(cancellation))
            .OrderBy(r => r.On).ThenBy(r => r.IssuedAt).ThenBy(r => r.Id).LastOrDefault();
        var formula = HealthFormulaBook.InForceAt(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation), asOf);
        return await LoadAsync(session, reviewId, accountId, on, asOf, null, formula, previous, cancellation);
    }

    /// <summary>The sources an issued review was generated from, exactly: the same events (up to its sequence), formula version and previous review.</summary>
    public static async Task<ReviewSources> OfIssuedAsync(IQuerySession session, AccountReview review, CancellationToken cancellation)
    {
        var previous = review.PreviousReviewId is { } id ? await session.LoadAsync<AccountReview>(id, cancellation) : null;
        var formula = HealthFormulaBook.Find(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation), review.FormulaVersion)
            ?? throw new InvalidOperationException($"Health formula version {review.FormulaVersion} of review {review.Id} does not exist.");
        return await LoadAsync(session, review.Id, review.AccountId, review.On, review.AsOf, review.Sequence, formula, previous, cancellation);
    }

    private static async Task<ReviewSources> LoadAsync(
        IQuerySession session, Guid reviewId, Guid accountId, DateOnly on, DateTimeOffset asOf, long? through, HealthFormula formula, AccountReview? previous,
        CancellationToken cancellation)
    {
        var view = await AccountViewReads.AsOfAsync(session, accountId, asOf, cancellation, on, through);
        var previousView = previous is null
            ? null
            : await AccountViewReads.AsOfAsync(session, accountId, previous.AsOf, cancellation, previous.On, previous.Sequence);
        return new ReviewSources(reviewId, on, asOf, view, formula, previous, previousView);
    }
}
