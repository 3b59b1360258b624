using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Security;

/// <summary>
/// Who is calling. Every event records its caller: the authenticated subject of the bearer token (the claim
/// <c>Auth:NameClaim</c>, default <c>sub</c>), never a value from the request body. Wolverine relays the same
/// name into Marten's user-name metadata, so the event's <c>by</c> and its recorded-by always agree.
/// </summary>
public static class Callers
{
    /// <summary>Development only: names the caller without a token (see <see cref="DevelopmentCallerHandler"/>).</summary>
    public const string DevelopmentHeader = "X-Kam-User";

    /// <summary>Development only: the development caller's roles, comma-separated (default <c>reader</c>).</summary>
    public const string DevelopmentRolesHeader = "X-Kam-Roles";

    public const string DevelopmentScheme = "KamDevelopmentHeader";

    /// <summary>The caller's stable name, as recorded on every event.</summary>
    /// <remarks>
    /// Every endpoint that records anything requires an authenticated caller, and authentication refuses a
    /// principal without a usable name, so an empty name here is a wiring bug, not a request to answer.
    /// </remarks>
    public static string Actor(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : throw new InvalidOperationException("No authenticated caller: the endpoint is missing its authorization policy.");

    /// <summary>A name fit for the audit trail: present, printable and short.</summary>
    public static bool IsAcceptableName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= Authentication.MaxNameLength && !name.Any(char.IsControl);

    /// <summary>The development header is honoured only when no bearer token is sent.</summary>
    public static bool UsesDevelopmentHeader(HttpRequest request) =>
        request.Headers.ContainsKey(DevelopmentHeader) && !request.Headers.ContainsKey(HeaderNames.Authorization);
}

/// <summary>
/// Development-only authentication, registered only when the environment is Development (a warning says so at
/// start): trusts <c>X-Kam-User</c> as the caller's name and <c>X-Kam-Roles</c> as their roles (default
/// <c>reader</c>). It proves nothing; it lets a developer poke at the API with curl. Everywhere else the header
/// is ignored and a bearer token is the only way in.
/// </summary>
public sealed class DevelopmentCallerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AuthSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Request.Headers[Callers.DevelopmentHeader].ToString().Trim();
        if (!Callers.IsAcceptableName(name))
        {
            return Task.FromResult(AuthenticateResult.Fail($"{Callers.DevelopmentHeader} must be a short printable name."));
        }

        var roles = Request.Headers[Callers.DevelopmentRolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.Length == 0)
        {
            roles = [Roles.Reader];
        }

        var identity = new ClaimsIdentity(
            [new Claim(settings.NameClaim, name), .. roles.Select(r => new Claim(settings.RoleClaim, r))],
            Callers.DevelopmentScheme, settings.NameClaim, settings.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
