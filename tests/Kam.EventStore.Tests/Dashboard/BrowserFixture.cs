using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using JasperFx.CommandLine;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Store;
using Kam.EventStore.Tests.Api;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Wolverine;

namespace Kam.EventStore.Tests.Dashboard;

/// <summary>
/// The service on a real Kestrel port on 127.0.0.1 (a browser cannot reach Alba's in-memory server), over a database of its
/// own (<c>kam_browser</c>, so it never races the API tests), in the Development environment (whose sign-in form is under
/// test), with a clock the tests move; and Debian's chromium, headless, driven by Playwright. No browser is downloaded:
/// Playwright's driver ships in its NuGet package and is pointed at <c>/usr/bin/chromium</c> (scripts/test.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The flags a sandboxless, offline headless chromium needs here (root, no GPU, no network beyond loopback).</summary>
    public static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public TestClock Clock { get; } = new(AppFixture.Start);

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    private WebApplicationFactory<Program> _factory = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        var connection = await TestDatabase.EnsureAsync("kam_browser");
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        JasperFxEnvironment.AutoStartHost = true;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting($"ConnectionStrings:{ConnectionStrings.Name}", connection);
            builder.UseSetting("RateLimit:PermitLimit", "1000000");
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        await _factory.Services.GetRequiredService<IHost>().ResetAllMartenDataAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    /// <summary>A client of the API as the story's caller (the sales director, admin and approver).</summary>
    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestCallers.Token(FirstStory.Director, [.. FirstStory.CallerRoles]));
        return client;
    }

    /// <summary>The moment each story step was recorded: an hour apart, from the fixture's start.</summary>
    public static DateTimeOffset StepRecordedAt(int step) => AppFixture.Start.AddHours(step);

    private bool _storyTold;

    /// <summary>
    /// The first story, told once through the documented examples (people, the account, its KAM, a stakeholder, a meeting,
    /// a commitment and its approval), each step recorded an hour after the one before; then two more accounts.
    /// </summary>
    public async Task TellTheStoryAsync()
    {
        if (_storyTold)
        {
            return;
        }

        using var api = Api();
        using var documentAnswer = await api.GetAsync("swagger/v1/swagger.json");
        var document = JsonNode.Parse(await documentAnswer.Content.ReadAsStringAsync())!.AsObject();
        var story = DocumentedStory.Examples(document).Where(e => e.Step <= FirstStory.FirstStorySteps);
        await DocumentedStory.Run(api, story, step => Clock.Now = StepRecordedAt(step.Step));

        Clock.Now = StepRecordedAt(FirstStory.FirstStorySteps + 1);
        foreach (var (name, tier) in new[] { ("Arctic Steel Oyj", "Strategic"), ("Baltic Foods AB", "Development") })
        {
            using var designated = await api.PostAsync("api/accounts", JsonContent(new JsonObject
            {
                ["name"] = name, ["registryId"] = "FI-" + name.GetHashCode(StringComparison.Ordinal).ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
                ["segment"] = "Manufacturing", ["tier"] = tier, ["criteriaMet"] = new JsonArray("Strategic fit"),
                ["revenueBudget"] = new JsonObject { ["amount"] = 300000, ["currency"] = "EUR" },
            }));
            designated.EnsureSuccessStatusCode();
        }

        _storyTold = true;
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
