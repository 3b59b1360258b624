namespace Kam.EventStore.Reviews;

/// <summary>
/// An issued management review as it was issued: what it was generated from and the hashes of its content. The stream's one
/// event folded, kept inline: the list of an account's reviews, and where a later request finds what to regenerate it from.
/// The content itself is not stored: it is generated again from the events whenever it is asked for.
/// </summary>
/// <param name="Id">The review (its stream id).</param>
/// <param name="AccountId">The account reviewed.</param>
/// <param name="On">The business date the review is of.</param>
/// <param name="AsOf">The recorded instant its content was generated from.</param>
/// <param name="Sequence">The global sequence of the account's last event in it.</param>
/// <param name="FormulaVersion">The health formula version it scored with.</param>
/// <param name="PreviousReviewId">The review it reports changes since, if any.</param>
/// <param name="ContentSha256">SHA-256 (hex) of its canonical JSON as issued.</param>
/// <param name="SkeletonSha256">SHA-256 (hex) of the same with every stakeholder's personal value replaced by a placeholder.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="IssuedBy">Who issued it.</param>
[DuplicateRule("duplicate-review")]
public sealed record AccountReview(
    Guid Id,
    Guid AccountId,
    DateOnly On,
    DateTimeOffset AsOf,
    long Sequence,
    int FormulaVersion,
    Guid? PreviousReviewId,
    string ContentSha256,
    string SkeletonSha256,
    DateTimeOffset IssuedAt,
    string IssuedBy)
{
    /// <summary>The review stream's version (always 1).</summary>
    public long Version { get; set; }

    public static AccountReview Create(AccountReviewIssued e) => new(
        e.ReviewId, e.AccountId, e.On, e.AsOf, e.Sequence, e.FormulaVersion, e.PreviousReviewId, e.ContentSha256, e.SkeletonSha256, e.OccurredAt, e.By);
}
