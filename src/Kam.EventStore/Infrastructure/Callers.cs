using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kam.EventStore.Infrastructure;

/// <summary>
/// Who is calling. Every event records its caller, taken from the authenticated principal, never from a
/// field in the request body. Until real authentication exists, the principal comes from one clearly named
/// development header (<see cref="DevelopmentCallerHandler"/>); replacing that scheme is the only change needed.
/// </summary>
public static class Callers
{
    /// <summary>The development header naming the caller.</summary>
    public const string DevelopmentHeader = "X-Kam-User";

    /// <summary>The caller assumed when the development header is absent.</summary>
    public const string DefaultDevelopmentUser = "dev-user";

    public const string DevelopmentScheme = "KamDevelopmentHeader";

    /// <summary>The caller's stable name, as recorded on every event.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name : DefaultDevelopmentUser;
}

/// <summary>
/// Development-only authentication: trusts the <c>X-Kam-User</c> header (or assumes <c>dev-user</c>).
/// It authenticates nobody; it only lets the audit trail name a caller before real authentication lands.
/// </summary>
public sealed class DevelopmentCallerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Request.Headers[Callers.DevelopmentHeader].ToString().Trim();
        if (name.Length == 0)
        {
            name = Callers.DefaultDevelopmentUser;
        }

        if (name.Length > FieldErrors.ShortText || name.Any(char.IsControl))
        {
            return Task.FromResult(AuthenticateResult.Fail($"{Callers.DevelopmentHeader} must be a short printable name."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Callers.DevelopmentScheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
