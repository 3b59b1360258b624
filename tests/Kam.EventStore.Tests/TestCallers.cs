using Alba;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Tests;

/// <summary>Who a scenario calls as: a bearer token for a user and roles, signed like <c>token</c> signs them, or nobody.</summary>
public static class TestCallers
{
    /// <summary>The Testing environment's settings: the published development issuer, audience and key.</summary>
    public static readonly AuthSettings Settings = new()
    {
        Issuer = AuthSettings.DevelopmentIssuer,
        Audience = AuthSettings.DevelopmentAudience,
        SigningKey = AuthSettings.DevelopmentSigningKey,
    };

    /// <summary>Tokens use the real clock: token validation does not read the service's (test) clock.</summary>
    public static string Token(string user, params string[] roles) =>
        DevelopmentTokens.Issue(Settings, user, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(2));

    public static string Bearer(string user, params string[] roles) => DevelopmentTokens.Bearer(Token(user, roles));

    /// <summary>Call as <paramref name="user"/> with <paramref name="roles"/> instead of the default caller.</summary>
    public static Scenario As(this Scenario scenario, string user, params string[] roles)
    {
        scenario.WithRequestHeader(HeaderNames.Authorization, Bearer(user, roles));
        return scenario;
    }

    /// <summary>Call without any credentials.</summary>
    public static Scenario Anonymous(this Scenario scenario)
    {
        scenario.RemoveRequestHeader(HeaderNames.Authorization);
        return scenario;
    }
}
