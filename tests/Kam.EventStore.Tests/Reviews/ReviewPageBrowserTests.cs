using System.Text;
using Alba;
using Kam.EventStore.Relationships;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.Dashboard;
using Kam.EventStore.Tests.Health;
using Microsoft.Playwright;
using static Kam.EventStore.Tests.Health.DeclineAndRecovery;

namespace Kam.EventStore.Tests.Reviews;

/// <summary>
/// The printable review as a person sees it, in a real browser (Debian's chromium through Playwright): the page the service
/// answers, with the headers it answers (its Content-Security-Policy allows nothing but its own style sheet), renders styled
/// without a single console error, shows what an erasure masked, and prints to A4 PDF.
/// </summary>
public sealed class ReviewPageBrowserTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_review_page_renders_under_its_own_content_security_policy_shows_the_masked_values_and_prints()
    {
        var story = new DeclineAndRecovery();
        await Tellings.RecordAfterwards(App, story.Steps(App));
        var review = await Given.Review(story.Account, new IssueAccountReview { On = D(3, 31), Commentary = "Maria backs the 2027 price list.\nNext: the audit report." });
        await Tellings.Post(App, $"/api/accounts/{story.Account}/stakeholders/{story.Maria}/erasure", new EraseStakeholderPersonalData { Reason = "Erasure request GDPR-2026-090" });

        var answer = await Host.Scenario(x => x.Get.Url($"/api/account-reviews/{review.ReviewId}/page"));
        var html = await answer.ReadAsTextAsync();
        var headers = answer.Context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        headers["Content-Security-Policy"].ShouldBe(ReviewPage.ContentSecurityPolicy);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.Chromium, Headless = true, Args = BrowserFixture.ChromiumFlags,
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        // The browser gets exactly what the service answered, headers and all.
        await page.RouteAsync("http://review.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, Headers = headers.Where(h => h.Key is "Content-Security-Policy" or "Content-Type"), Body = html,
        }));
        await page.GotoAsync("http://review.test/review");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account review: Nordic Paper Oy" })).ToBeVisibleAsync();
        var masked = page.Locator("td .masked").First;
        await Assertions.Expect(masked).ToHaveTextAsync(StakeholderPersonalData.ErasedName);
        (await masked.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor")).ShouldBe("rgb(255, 243, 205)", "the page's own style sheet applies");
        await Assertions.Expect(page.Locator(".verdict")).ToContainTextAsync("IdenticalButErased");
        await Assertions.Expect(page.Locator(".commentary")).ToHaveTextAsync("Maria backs the 2027 price list.\nNext: the audit report.");
        await Assertions.Expect(page.Locator("script")).ToHaveCountAsync(0);

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        errors.ShouldBeEmpty("no content security rule broken, nothing thrown");
    }
}
