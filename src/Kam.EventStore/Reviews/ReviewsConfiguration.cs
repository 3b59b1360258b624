using JasperFx.Events.Projections;
using Kam.EventStore.Store;
using Marten;

namespace Kam.EventStore.Reviews;

public static class ReviewsConfiguration
{
    /// <summary>
    /// Registers the reviews area with Marten: each issued review's record (inline, one row per review: the account's list of
    /// reviews, and what a download regenerates the review from). Event names come with the account's (<c>IAccountEvent</c>).
    /// </summary>
    public static StoreOptions ConfigureReviews(this StoreOptions options)
    {
        options.Projections.Snapshot<AccountReview>(SnapshotLifecycle.Inline);
        options.Columns<AccountReview>([nameof(AccountReview.AccountId)], new DocumentColumns.Index("ix_accountreview_account", ["account_id"]));
        return options;
    }
}
