using System.Text.RegularExpressions;
using Kam.EventStore.ApiDocs;
using Microsoft.Playwright;

namespace Kam.EventStore.Tests.Dashboard;

/// <summary>
/// The dashboard as a person sees it, in a real headless chromium against the service on a loopback port: every check
/// reads the rendered page. The data comes from the first story of the OpenAPI document (each step recorded an hour after
/// the one before) and two more accounts.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class DashboardTests(BrowserFixture browser) : IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _urls = [];

    public async Task InitializeAsync()
    {
        await browser.TellTheStoryAsync();
        // A fresh context per test: an empty session storage, so every test starts signed out.
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1400, Height = 1000 } });
        _context.SetDefaultTimeout(15_000);
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
        _page.PageError += (_, error) => _consoleErrors.Add(error);
        _page.Request += (_, request) => _urls.Add(request.Url);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        // A page that broke a content security rule or threw would say so here.
        _consoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_anonymous_visitor_is_sent_to_sign_in()
    {
        await _page.GotoAsync("/");

        await Assertions.Expect(_page).ToHaveURLAsync(new Regex(@"/dashboard/sign-in\?returnTo=%2Fdashboard%2F$"));
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_development_sign_in_form_signs_in_and_returns_to_the_page_asked_for_without_a_token_in_any_address()
    {
        await _page.GotoAsync($"/dashboard/accounts/{FirstStory.AccountId}");
        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("/dashboard/sign-in"));

        await _page.GetByLabel("Name").FillAsync("carol");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Assertions.Expect(_page).ToHaveURLAsync($"{browser.BaseUrl}/dashboard/accounts/{FirstStory.AccountId}");
        await Assertions.Expect(_page.GetByTestId("user")).ToHaveTextAsync("carol");
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Nordic Paper Oy" })).ToBeVisibleAsync();
        var token = await _page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('kam.session')).token");
        token.ShouldNotBeNullOrWhiteSpace();
        _urls.ShouldAllBe(url => !url.Contains(token, StringComparison.Ordinal));
        _urls.ShouldAllBe(url => !url.Contains("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_portfolio_lists_the_accounts_with_their_kam_commitments_and_coverage()
    {
        await SignInWithPastedToken();

        var rows = _page.Locator("table.portfolio tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Arctic Steel Oyj");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Baltic Foods AB");
        var nordic = _page.Locator($"tr[data-account='{FirstStory.AccountId}']");
        await Assertions.Expect(nordic).ToContainTextAsync("Nordic Paper Oy");
        await Assertions.Expect(nordic).ToContainTextAsync(FirstStory.Kam);
        // One open commitment (the approved discount), none overdue or pending; met a month ago; nobody of ours linked.
        await Assertions.Expect(nordic.Locator("td.num").Nth(0)).ToHaveTextAsync("1");
        await Assertions.Expect(nordic.Locator("td.num").Nth(2)).ToHaveTextAsync("0");
        await Assertions.Expect(nordic).ToContainTextAsync("no link at Management level");

        await _page.Locator("select[name=tier]").SelectOptionAsync("Strategic");

        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("tier=Strategic"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Arctic Steel Oyj");
        await Screenshot("portfolio");
    }

    [Fact]
    public async Task an_account_page_shows_its_timeline_and_commitments_with_their_lineage()
    {
        await SignInWithPastedToken();
        await _page.GetByRole(AriaRole.Link, new() { Name = "Nordic Paper Oy" }).ClickAsync();

        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Nordic Paper Oy" })).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByTestId("kam")).ToHaveTextAsync(FirstStory.Kam);
        var timeline = _page.Locator("ol.timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Meeting: Price review 2027, with Maria Korhonen");
        await Assertions.Expect(timeline).ToContainTextAsync("Designated a key account: Nordic Paper Oy");
        await Assertions.Expect(timeline).ToContainTextAsync($"{FirstStory.Kam} became the key account manager");
        await Assertions.Expect(timeline).ToContainTextAsync("promised: 12% discount on the 2027 framework price list");

        var discount = _page.Locator($"tr[data-commitment='{FirstStory.Discount}']");
        await Assertions.Expect(discount).ToContainTextAsync("12% discount on the 2027 framework price list");
        await Assertions.Expect(discount).ToContainTextAsync("In Force");
        await discount.GetByRole(AriaRole.Button, new() { Name = "Lineage" }).ClickAsync();
        var lineage = _page.Locator(".lineage");
        await Assertions.Expect(lineage).ToContainTextAsync("Commitment Made");
        await Assertions.Expect(lineage).ToContainTextAsync($"Commitment Approved");
        await Assertions.Expect(lineage).ToContainTextAsync($"by {FirstStory.Director}");

        await Assertions.Expect(_page.Locator("#map")).ToContainTextAsync("Maria Korhonen");
        await Assertions.Expect(_page.Locator("#roles")).ToContainTextAsync("Key account managers");

        await _page.Locator("select[name=kinds]").SelectOptionAsync(new SelectOptionValue { Label = "Interactions" });
        await Assertions.Expect(timeline.Locator("li")).ToHaveCountAsync(1);
        await Assertions.Expect(timeline).ToContainTextAsync("Price review 2027");
        await Screenshot("account");
    }

    [Fact]
    public async Task moving_the_as_of_control_shows_what_was_recorded_then_and_the_address_reproduces_it()
    {
        await SignInWithPastedToken();
        await _page.GotoAsync($"/dashboard/accounts/{FirstStory.AccountId}");
        await Assertions.Expect(_page.GetByTestId("kam")).ToHaveTextAsync(FirstStory.Kam);
        await Assertions.Expect(_page.Locator($"tr[data-commitment='{FirstStory.Discount}']")).ToBeVisibleAsync();

        // The slider's first position is the instant the account's first fact was recorded: its designation, nothing else.
        await _page.GetByLabel("As recorded at").FocusAsync();
        await _page.Keyboard.PressAsync("Home");

        var designated = BrowserFixture.StepRecordedAt(7);
        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("asOf=" + Regex.Escape(Uri.EscapeDataString(designated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)))));
        await Assertions.Expect(_page.GetByTestId("kam")).ToHaveTextAsync("vacant");
        await Assertions.Expect(_page.Locator("ol.timeline li")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("ol.timeline")).ToContainTextAsync("Designated a key account");
        await Assertions.Expect(_page.Locator("#commitments")).ToContainTextAsync("No commitments recorded by then");
        await Assertions.Expect(_page.Locator("#map")).ToContainTextAsync("No stakeholders on that date");
        await Assertions.Expect(_page.Locator(".as-of-banner")).ToContainTextAsync("Showing the records as they stood at");

        // An exact instant: after the meeting was recorded (step 10), before the commitment was (step 11).
        var afterMeeting = BrowserFixture.StepRecordedAt(10).AddMinutes(30).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await _page.Locator("input[name=asOf]").FillAsync(afterMeeting);

        await Assertions.Expect(_page.GetByTestId("kam")).ToHaveTextAsync(FirstStory.Kam);
        await Assertions.Expect(_page.Locator("ol.timeline")).ToContainTextAsync("Price review 2027");
        await Assertions.Expect(_page.Locator("ol.timeline")).Not.ToContainTextAsync("promised:");
        await Assertions.Expect(_page.Locator("#commitments")).ToContainTextAsync("No commitments recorded by then");
        await Assertions.Expect(_page.GetByTestId("open-commitments")).ToHaveTextAsync("0");
        await Screenshot("account-as-of");

        // The address holds the instant: opened in a new tab (which has its own session, so asks for a sign-in first), it shows
        // the same records.
        var link = _page.Url;
        var again = await _context.NewPageAsync();
        await again.GotoAsync(link);
        await again.GetByLabel("Bearer token").FillAsync(TestCallers.Token("erik", Roles.Reader));
        await again.GetByRole(AriaRole.Button, new() { Name = "Use this token" }).ClickAsync();
        await Assertions.Expect(again).ToHaveURLAsync(link);
        await Assertions.Expect(again.GetByTestId("kam")).ToHaveTextAsync(FirstStory.Kam);
        await Assertions.Expect(again.Locator("#commitments")).ToContainTextAsync("No commitments recorded by then");
        await Assertions.Expect(again.Locator("input[name=asOf]")).ToHaveValueAsync(afterMeeting);

        // Back to now.
        await _page.GetByRole(AriaRole.Button, new() { Name = "Now" }).ClickAsync();
        await Assertions.Expect(_page).Not.ToHaveURLAsync(new Regex("asOf="));
        await Assertions.Expect(_page.Locator($"tr[data-commitment='{FirstStory.Discount}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_business_date_shows_the_account_as_the_facts_stood_that_day()
    {
        await SignInWithPastedToken();
        await _page.GotoAsync($"/dashboard/accounts/{FirstStory.AccountId}");
        await Assertions.Expect(_page.Locator("#map")).ToContainTextAsync("Maria Korhonen");

        // Ten days after the designation (and the KAM's assignment), before the stakeholder joined and the meeting happened.
        var day = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).AddDays(-110).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await _page.Locator("input[name=on]").FillAsync(day);

        await Assertions.Expect(_page).ToHaveURLAsync(new Regex("on=" + day));
        await Assertions.Expect(_page.Locator(".as-of-banner")).ToContainTextAsync($"as the facts stood on {day}");
        await Assertions.Expect(_page.GetByTestId("kam")).ToHaveTextAsync(FirstStory.Kam);
        await Assertions.Expect(_page.Locator("#map")).ToContainTextAsync("No stakeholders on that date");
        await Assertions.Expect(_page.Locator("ol.timeline")).Not.ToContainTextAsync("Price review 2027");
        await Assertions.Expect(_page.Locator("ol.timeline")).ToContainTextAsync("Designated a key account");
        await Assertions.Expect(_page.Locator("#commitments")).ToContainTextAsync("No commitments");
    }

    /// <summary>Signs in as a reader by pasting a token, as the README tells a person to.</summary>
    private async Task SignInWithPastedToken()
    {
        await _page.GotoAsync("/dashboard/");
        await _page.GetByLabel("Bearer token").FillAsync(TestCallers.Token("dana", Roles.Reader));
        await _page.GetByRole(AriaRole.Button, new() { Name = "Use this token" }).ClickAsync();
        await Assertions.Expect(_page.GetByTestId("user")).ToHaveTextAsync("dana");
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Portfolio" })).ToBeVisibleAsync();
    }

    /// <summary>Keeps a picture of the page beside the test results (or where <c>KAM_SCREENSHOTS</c> says).</summary>
    private async Task Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("KAM_SCREENSHOTS") is { Length: > 0 } given ? given : Path.Combine(Path.GetTempPath(), "kam-screenshots");
        Directory.CreateDirectory(folder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = true });
    }
}
