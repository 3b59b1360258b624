using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Reviews;

/// <summary>Every bad request for a review is a problem naming what is wrong, and appends nothing.</summary>
public sealed class ReviewBadInputTests(AppFixture app) : ApiTest(app)
{
    private static IssueAccountReview Review => new() { Commentary = "A quiet quarter." };

    private async Task<Problem> Refused(Guid accountId, IssueAccountReview review, int status) =>
        await Given.Refused(x => x.Post.Json(review).ToUrl($"/api/accounts/{accountId}/reviews"), status);

    [Fact]
    public async Task a_review_as_of_a_future_instant_or_date_is_refused()
    {
        var account = await Given.KeyAccount();
        (await Refused(account, Review with { AsOf = App.Clock.Now.AddDays(1) }, 400)).Errors.Keys.ShouldBe(["asOf"]);
        (await Refused(account, Review with { On = DateOnly.FromDateTime(App.Clock.Now.UtcDateTime).AddDays(1) }, 400)).Errors.Keys.ShouldBe(["on"]);
        (await Refused(account, Review with { AsOf = App.Clock.Now.AddDays(-10), On = DateOnly.FromDateTime(App.Clock.Now.UtcDateTime) }, 400))
            .Errors.Keys.ShouldBe(["on"], "a date after the instant's: facts of it were not recorded by then");
    }

    [Fact]
    public async Task a_review_of_an_account_not_yet_designated_then_is_refused()
    {
        var recordedBefore = App.Clock.Now;
        App.Clock.Advance(TimeSpan.FromHours(1));
        var account = await Given.KeyAccount();

        (await Refused(account, Review with { AsOf = recordedBefore }, 422)).Rule.ShouldBe("not-designated-then");
        (await Refused(account, Review with { On = new DateOnly(2026, 1, 14) }, 422)).Rule.ShouldBe("not-designated-then", "designated on 15 January");
        (await Refused(Guid.NewGuid(), Review, 404)).Rule.ShouldBe("not-found");
    }

    [Fact]
    public async Task commentary_is_required_and_at_most_20000_characters()
    {
        var account = await Given.KeyAccount();
        (await Refused(account, Review with { Commentary = new string('x', IssueAccountReviewEndpoint.MaxCommentary + 1) }, 400)).Errors.Keys.ShouldBe(["commentary"]);
        (await Refused(account, Review with { Commentary = "   " }, 400)).Errors.Keys.ShouldBe(["commentary"]);
        (await Given.Review(account, Review with { Commentary = new string('x', IssueAccountReviewEndpoint.MaxCommentary) })).Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_review_id_is_used_once_and_never_all_zeros()
    {
        var account = await Given.KeyAccount();
        var id = Guid.CreateVersion7();
        await Given.Review(account, Review with { ReviewId = id });
        (await Refused(account, Review with { ReviewId = id }, 409)).Rule.ShouldBe("duplicate-review");
        (await Refused(account, Review with { ReviewId = Guid.Empty }, 400)).Errors.Keys.ShouldBe(["reviewId"]);
        await Given.Refused(x => x.Get.Url($"/api/account-reviews/{Guid.NewGuid()}"), 404);
        await Given.Refused(x => x.Get.Url($"/api/account-reviews/{Guid.NewGuid()}/page"), 404);
        await Given.Refused(x => x.Get.Url($"/api/account-reviews/{Guid.NewGuid()}/verification"), 404);
    }

    [Fact]
    public async Task the_reviews_of_an_account_are_listed_by_the_date_they_are_of()
    {
        var account = await Given.KeyAccount();
        await Given.Stakeholder(account, "Maria Korhonen", new DateOnly(2026, 2, 1));
        var june = await Given.Review(account, Review with { On = new DateOnly(2026, 6, 30) });
        var march = await Given.Review(account, Review with { On = new DateOnly(2026, 3, 31) });
        var september = await Given.Review(account, Review with { On = new DateOnly(2026, 9, 30) });

        var reviews = (await Host.GetAsJson<List<AccountReview>>($"/api/accounts/{account}/reviews"))!;
        reviews.Select(r => r.Id).ShouldBe([march.ReviewId, june.ReviewId, september.ReviewId]);
        reviews.Select(r => r.PreviousReviewId).ShouldBe([null, null, june.ReviewId], "the latest review of an earlier date, when it was issued");
        reviews.ShouldAllBe(r => r.IssuedBy == AppFixture.DefaultUser && r.FormulaVersion == 0);
        await Given.Refused(x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}/reviews"), 404);
    }
}
