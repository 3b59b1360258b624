using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using JasperFx.CommandLine;
using Kam.EventStore.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using Wolverine;

namespace Kam.EventStore.Tests.Dashboard;

/// <summary>
/// A stand-in OpenID Connect provider on a loopback port: discovery, keys, an authorization endpoint that approves at once,
/// and a token endpoint that checks the PKCE verifier against the challenge before it issues an RS256 access token.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "kam-dashboard";
    public const string User = "oidc-user";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();
    private WebApplication _app = null!;

    public string Authority { get; private set; } = "";

    /// <summary>The access tokens issued, so a test can look for them where they must not be.</summary>
    public ConcurrentBag<string> Issued { get; } = [];

    public async Task StartAsync(string dashboardOrigin)
    {
        var port = FreePort();
        Authority = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Authority);
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = dashboardOrigin;
            await next(context);
        });
        _app.MapGet("/.well-known/openid-configuration", () => Results.Text($$"""
            {"issuer": "{{Authority}}", "authorization_endpoint": "{{Authority}}/authorize", "token_endpoint": "{{Authority}}/token",
             "jwks_uri": "{{Authority}}/jwks", "response_types_supported": ["code"], "code_challenge_methods_supported": ["S256"],
             "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}
            """, "application/json"));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Results.BadRequest("bad authorization request");
            }

            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (q["code_challenge"]!, q["redirect_uri"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || !_codes.TryRemove(form["code"].ToString(), out var issued)
                || issued.RedirectUri != form["redirect_uri"])
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != issued.Challenge)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
            }

            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = AuthSettings.DevelopmentAudience,
                Claims = new Dictionary<string, object> { ["sub"] = User, ["role"] = new[] { Roles.Reader } },
                Expires = DateTime.UtcNow.AddHours(1),
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            Issued.Add(token);
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
        });
        await _app.StartAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The service configured with an OpenID Connect authority (the stand-in provider), on its own loopback port and database.</summary>
public sealed class OidcFixture : IAsyncLifetime
{
    public FakeOidcProvider Provider { get; } = new();

    public string BaseUrl { get; private set; } = "";

    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        var port = FakeOidcProvider.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        await Provider.StartAsync(BaseUrl);
        var connection = await TestDatabase.EnsureAsync("kam_browser_oidc");
        JasperFxEnvironment.AutoStartHost = true;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(AuthSettings.TestingEnvironment);
            builder.UseSetting($"ConnectionStrings:{ConnectionStrings.Name}", connection);
            builder.UseSetting("Auth:Authority", Provider.Authority);
            builder.UseSetting("Auth:Audience", AuthSettings.DevelopmentAudience);
            builder.UseSetting("Auth:RequireHttpsMetadata", "false");
            builder.UseSetting("Dashboard:ClientId", FakeOidcProvider.ClientId);
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>With an authority configured, the dashboard signs in with the authorization code flow and PKCE.</summary>
[Collection(BrowserTests.Name)]
public sealed class OidcSignInTests(BrowserFixture browser, OidcFixture oidc) : IClassFixture<OidcFixture>
{
    [Fact]
    public async Task the_code_flow_with_pkce_signs_in_and_no_address_carries_the_token()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = oidc.BaseUrl });
        var page = await context.NewPageAsync();
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);

        await page.GotoAsync("/dashboard/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dashboard/sign-in"));
        await Assertions.Expect(page.GetByLabel("Bearer token")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("user")).ToHaveTextAsync(FakeOidcProvider.User);
        await Assertions.Expect(page).ToHaveURLAsync($"{oidc.BaseUrl}/dashboard/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portfolio" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.portfolio")).ToBeVisibleAsync();

        urls.ShouldContain(url => url.StartsWith(oidc.Provider.Authority + "/authorize", StringComparison.Ordinal) && url.Contains("code_challenge_method=S256", StringComparison.Ordinal));
        var token = oidc.Provider.Issued.ShouldHaveSingleItem();
        urls.ShouldAllBe(url => !url.Contains(token, StringComparison.Ordinal));
    }
}
