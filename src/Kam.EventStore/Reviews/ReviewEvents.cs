namespace Kam.EventStore.Reviews;

// Each issued review is a stream of its own (stream id = review id) holding one event: an issued review never changes. The
// event carries what regenerates the review exactly (the business date, the recorded instant and the last event of the account
// it was generated from, the formula version, the previous review, the commentary) and the hashes that prove it did.

/// <summary>Every event of a review's stream.</summary>
public interface IReviewEvent : IOwnStreamEvent;

/// <summary>
/// The KAM issued a management review of the account: generated from the whole-account view of <c>On</c> as recorded at
/// <c>AsOf</c> (the account's events up to global sequence <c>Sequence</c>), scored with health formula version
/// <c>FormulaVersion</c>, compared with the previous review, with the KAM's commentary. <c>ContentSha256</c> is the SHA-256 of
/// the review's canonical JSON as issued; <c>SkeletonSha256</c> that of the same JSON with every personal value of a customer
/// stakeholder replaced by a placeholder, which still proves the rest of the review after an erasure has masked those values.
/// </summary>
public sealed record AccountReviewIssued(
    Guid AccountId,
    Guid ReviewId,
    DateOnly On,
    DateTimeOffset AsOf,
    long Sequence,
    int FormulaVersion,
    Guid? PreviousReviewId,
    string Commentary,
    string ContentSha256,
    string SkeletonSha256,
    DateTimeOffset OccurredAt,
    string By) : IReviewEvent;
