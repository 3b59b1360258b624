using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kam.EventStore.Security;

/// <summary>
/// How callers prove who they are (configuration section <c>Auth</c>): a JWT bearer token, either validated
/// against an OpenID Connect authority (<c>Auth:Authority</c> + <c>Auth:Audience</c>) or signed with a shared
/// HMAC key (<c>Auth:Issuer</c>, <c>Auth:Audience</c>, <c>Auth:SigningKey</c>). Development and Testing get a
/// documented, non-secret default key so <c>token</c> works out of the box; every other environment refuses to
/// start without real settings.
/// </summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>The environment the integration tests run in; treated like Development for defaults.</summary>
    public const string TestingEnvironment = "Testing";

    public const string DevelopmentIssuer = "kam-eventstore-dev";
    public const string DevelopmentAudience = "kam-eventstore";

    /// <summary>Published in the README on purpose: it protects nothing and is refused outside Development and Testing.</summary>
    public const string DevelopmentSigningKey = "kam-eventstore development signing key: not a secret, never used outside Development";

    /// <summary>HS256 needs at least 256 bits of key.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>OpenID Connect authority (issuer URL) whose published keys sign the tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected <c>iss</c> of HMAC-signed tokens (with an authority, the authority's own issuer is used).</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>Shared HMAC-SHA256 key (UTF-8 text, at least 32 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// A file holding the signing key, read when <see cref="SigningKey"/> is not set: how a key generated at deployment
    /// (docker-compose.yml) or a mounted secret reaches the service without passing through the environment.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The claim that names the caller; its value is recorded on every event.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>The claim that carries the caller's roles (one claim per role, or a JSON array).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Whether the authority's metadata must be fetched over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>True when tokens are validated with <see cref="SigningKey"/> (and so can be issued locally).</summary>
    public bool UsesSigningKey => string.IsNullOrWhiteSpace(Authority);

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey ?? ""));

    /// <summary>
    /// The settings for this environment: configured values, the development defaults in Development and Testing,
    /// and a refusal to start anywhere else unless issuer, audience and key (or an authority and audience) are set.
    /// </summary>
    public static AuthSettings Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(Section).Get<AuthSettings>() ?? new AuthSettings();
        var development = IsDevelopmentLike(environment);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.SigningKey) && !string.IsNullOrWhiteSpace(settings.SigningKeyFile))
        {
            try
            {
                settings.SigningKey = File.ReadAllText(settings.SigningKeyFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"Auth:SigningKeyFile '{settings.SigningKeyFile}' cannot be read ({e.GetType().Name}).");
            }
        }

        if (development && settings.UsesSigningKey)
        {
            settings.Issuer ??= DevelopmentIssuer;
            settings.Audience ??= DevelopmentAudience;
            settings.SigningKey ??= DevelopmentSigningKey;
        }

        if (string.IsNullOrWhiteSpace(settings.Audience))
        {
            problems.Add("Auth:Audience is required.");
        }

        if (settings.UsesSigningKey)
        {
            if (string.IsNullOrWhiteSpace(settings.Issuer))
            {
                problems.Add("Auth:Issuer is required with a signing key.");
            }

            if (Encoding.UTF8.GetByteCount(settings.SigningKey ?? "") < MinimumKeyBytes)
            {
                problems.Add($"Auth:SigningKey must be at least {MinimumKeyBytes} bytes (or set Auth:Authority).");
            }

            if (!development && settings.SigningKey == DevelopmentSigningKey)
            {
                problems.Add("Auth:SigningKey is the published development key; set a secret one.");
            }
        }

        if (string.IsNullOrWhiteSpace(settings.NameClaim) || string.IsNullOrWhiteSpace(settings.RoleClaim))
        {
            problems.Add("Auth:NameClaim and Auth:RoleClaim must not be blank.");
        }

        return problems.Count == 0
            ? settings
            : throw new InvalidOperationException(
                $"Authentication is not configured for the '{environment.EnvironmentName}' environment: {string.Join(" ", problems)} " +
                "Set Auth:Issuer, Auth:Audience and Auth:SigningKey, or Auth:Authority and Auth:Audience (see README, Authentication).");
    }

    public static bool IsDevelopmentLike(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);
}

public static class Authentication
{
    /// <summary>The default scheme: a bearer token, or in Development the development header (see <see cref="Callers"/>).</summary>
    public const string CallerScheme = "KamCaller";

    /// <summary>Longest caller name accepted (it is stored on every event).</summary>
    public const int MaxNameLength = FieldErrors.ShortText;

    public static WebApplicationBuilder AddKamAuthentication(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.Resolve(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        var developmentHeader = builder.Environment.IsDevelopment();

        var authentication = builder.Services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "Bearer token", options => options.ForwardDefaultSelector = context =>
                developmentHeader && Callers.UsesDevelopmentHeader(context.Request)
                    && ListeningAddresses.LoopbackOnly(context.RequestServices.GetRequiredService<IServer>())
                    ? Callers.DevelopmentScheme
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options => Configure(options, settings, builder.Environment));
        if (developmentHeader)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentCallerHandler>(Callers.DevelopmentScheme, _ => { });
        }

        return builder;
    }

    private static void Configure(JwtBearerOptions options, AuthSettings settings, IHostEnvironment environment)
    {
        // Claims keep their JWT names (sub, role), so the configured claim names mean what they say.
        options.MapInboundClaims = false;
        // Each token is validated once, then taken on that for as long as it holds (ValidatedTokens).
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new ValidatedTokens(TimeProvider.System) { MapInboundClaims = false });
        options.IncludeErrorDetails = environment.IsDevelopment();
        options.Audience = settings.Audience;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = true,
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = settings.NameClaim,
            RoleClaimType = settings.RoleClaim,
        };
        if (settings.UsesSigningKey)
        {
            options.TokenValidationParameters.ValidateIssuer = true;
            options.TokenValidationParameters.ValidIssuer = settings.Issuer;
            options.TokenValidationParameters.ValidateIssuerSigningKey = true;
            options.TokenValidationParameters.IssuerSigningKey = settings.Key();
            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            options.Authority = settings.Authority;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        }

        options.Events = new JwtBearerEvents
        {
            // The name is what the audit trail records: a token that names nobody (or names them unreadably) is refused.
            OnTokenValidated = context =>
            {
                if (!Callers.IsAcceptableName(context.Principal?.Identity?.Name))
                {
                    context.Fail($"The token's '{settings.NameClaim}' claim must name the caller (printable, at most {MaxNameLength} characters).");
                }

                return Task.CompletedTask;
            },
        };
    }
}

/// <summary>Issues tokens signed with the configured key: the <c>token</c> command and the tests use it.</summary>
public static class DevelopmentTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static string Issue(AuthSettings settings, string user, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        if (!settings.UsesSigningKey)
        {
            throw new InvalidOperationException("Tokens come from the configured authority (Auth:Authority); there is no local signing key.");
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [settings.NameClaim] = user };
        var roleList = roles.ToArray();
        if (roleList.Length > 0)
        {
            claims[settings.RoleClaim] = roleList;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.Key(), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The header value that carries a token.</summary>
    public static string Bearer(string token) => $"{JwtBearerDefaults.AuthenticationScheme} {token}";
}
