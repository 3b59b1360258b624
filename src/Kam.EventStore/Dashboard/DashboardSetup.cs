using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Dashboard;

/// <summary>Settings of the dashboard's sign-in (section <c>Dashboard</c>); used only with an OpenID Connect authority.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";

    /// <summary>The dashboard's client id at the authority: a public client (no secret) allowed the code flow with PKCE.</summary>
    public string? ClientId { get; set; }

    /// <summary>The scopes asked for; the access token must carry <c>Auth:Audience</c>.</summary>
    public string Scope { get; set; } = "openid profile";
}

/// <summary>What the dashboard's script needs to know to sign a person in.</summary>
/// <param name="SignIn"><c>development</c> (a pasted token or the Development sign-in form), <c>token</c> (a pasted token) or <c>oidc</c>.</param>
/// <param name="Authority">The OpenID Connect authority, with <c>oidc</c>.</param>
/// <param name="ClientId">The dashboard's client id at the authority, with <c>oidc</c>.</param>
/// <param name="Scope">The scopes to ask for, with <c>oidc</c>.</param>
/// <param name="Roles">The roles a token may carry.</param>
public sealed record DashboardConfig(string SignIn, string? Authority, string? ClientId, string? Scope, IReadOnlyList<string> Roles);

/// <summary>A Development sign-in: who, and with which roles.</summary>
/// <param name="User">The caller's name, recorded on every event the token writes.</param>
/// <param name="Roles">Roles (default reader).</param>
public sealed record DevelopmentSignIn(string User, IReadOnlyList<string>? Roles);

/// <summary>A token issued by the Development sign-in form.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record DevelopmentToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// The dashboard at <c>/dashboard</c>: static files (a page and one script, with a vendored 13 KB library) that read the
/// public API with the signed-in person's bearer token, as any other client would. The files need no caller; every API call
/// does. The script keeps the token in the tab's session storage, never in a URL.
/// </summary>
public static class DashboardSetup
{
    public const string BasePath = "/dashboard";

    /// <summary>Where the dashboard's files are: copied beside the service's assembly at build and publish.</summary>
    public static string SiteFolder => Path.Combine(AppContext.BaseDirectory, "Dashboard", "site");

    /// <summary>
    /// Serves the dashboard's files before authentication (a page is public; the data behind it is not), sends <c>/</c> to
    /// it, and maps its two endpoints: its sign-in configuration and, in Development only, the sign-in form's token.
    /// </summary>
    public static WebApplication UseKamDashboard(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<AuthSettings>();
        var settings = app.Configuration.GetSection(DashboardSettings.Section).Get<DashboardSettings>() ?? new DashboardSettings();
        var policy = ContentSecurityPolicy(auth);

        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path == "/" && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(BasePath + "/");
                return Task.CompletedTask;
            }

            if (path.StartsWithSegments(BasePath, StringComparison.OrdinalIgnoreCase))
            {
                context.Items[BrowserSecurity.ContentSecurityPolicyItem] = policy;
                // Every page of the dashboard is the same document; its script reads the address.
                if (HttpMethods.IsGet(context.Request.Method) && !Path.HasExtension(path.Value))
                {
                    context.Request.Path = BasePath + "/index.html";
                }
            }

            return next(context);
        });

        if (Directory.Exists(SiteFolder))
        {
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".js"] = "text/javascript; charset=utf-8";
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(SiteFolder),
                RequestPath = BasePath,
                ContentTypeProvider = types,
                // The page and its script change together with the service: always revalidated, never stale.
                OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
            });
        }

        app.MapGet(BasePath + "/config.json", (IServer server) => Config(auth, settings, app.Environment, ListeningAddresses.LoopbackOnly(server)))
            .AllowAnonymous().ExcludeFromDescription();

        if (app.Environment.IsDevelopment() && auth.UsesSigningKey)
        {
            // Token lifetimes are checked against the system clock (as the token command issues them), not the service's.
            // The form issues any caller any role without proof, like the development header, so it answers only under the
            // header's rule: while every address the server listens on is loopback.
            app.MapPost(BasePath + "/development-token", (DevelopmentSignIn signIn, IServer server) => ListeningAddresses.LoopbackOnly(server)
                    ? IssueDevelopmentToken(auth, signIn, TimeProvider.System)
                    : Results.Problem(Problems.Make(StatusCodes.Status403Forbidden, "development-sign-in-loopback-only",
                        "The Development sign-in is off.",
                        "The server listens on a non-loopback address; the Development sign-in issues tokens only while every address is loopback. Use a token from 'run.sh token'.")))
                .AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    public static DashboardConfig Config(AuthSettings auth, DashboardSettings settings, IHostEnvironment environment, bool loopbackOnly = true) =>
        !auth.UsesSigningKey
            ? new DashboardConfig("oidc", auth.Authority, settings.ClientId, settings.Scope, Roles.All)
            : new DashboardConfig(environment.IsDevelopment() && loopbackOnly ? "development" : "token", null, null, null, Roles.All);

    /// <summary>The Development sign-in form's token, from the same code as the <c>token</c> command.</summary>
    public static IResult IssueDevelopmentToken(AuthSettings auth, DevelopmentSignIn signIn, TimeProvider clock)
    {
        var roles = signIn.Roles is { Count: > 0 } given ? given : [Roles.Reader];
        var errors = new FieldErrors();
        if (!Callers.IsAcceptableName(signIn.User))
        {
            errors.Add("user", $"Required: printable, at most {Authentication.MaxNameLength} characters.");
        }

        if (roles.FirstOrDefault(r => !Roles.All.Contains(r, StringComparer.Ordinal)) is { } unknown)
        {
            errors.Add("roles", $"Unknown role '{unknown}'; one of: {string.Join(", ", Roles.All)}.");
        }

        if (errors.Any)
        {
            return Results.Problem(errors.ToProblem());
        }

        var now = clock.GetUtcNow();
        var token = DevelopmentTokens.Issue(auth, signIn.User, roles, now, DevelopmentTokens.DefaultLifetime);
        return Results.Ok(new DevelopmentToken(token, now + DevelopmentTokens.DefaultLifetime));
    }

    /// <summary>
    /// The dashboard runs only its own script and styles, and talks to this service (and to the OpenID Connect authority,
    /// for the code exchange); nothing may frame it.
    /// </summary>
    private static string ContentSecurityPolicy(AuthSettings auth)
    {
        var authority = auth.Authority is { } a && Uri.TryCreate(a, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
            $"connect-src 'self'{authority}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }
}
