using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Api;

/// <summary>
/// Requests per caller in a fixed window (configuration section <c>RateLimit</c>): a caller is the authenticated
/// name, else the client address. Over the limit is 429 with <c>Retry-After</c>. Health checks are not limited.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimit";

    /// <summary>Requests one caller may make per window.</summary>
    public int PermitLimit { get; set; } = 600;

    /// <summary>The window, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;
}

public static class RateLimits
{
    public static IServiceCollection AddKamRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        if (settings.PermitLimit < 1 || settings.WindowSeconds < 1)
        {
            throw new InvalidOperationException("RateLimit:PermitLimit and RateLimit:WindowSeconds must be at least 1.");
        }

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(CallerKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                }));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellation) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : settings.WindowSeconds;
                rejected.HttpContext.Response.Headers[HeaderNames.RetryAfter] = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problem = Problems.Make(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests.",
                    $"At most {settings.PermitLimit} requests per {settings.WindowSeconds} seconds per caller; retry after {retryAfter} seconds.");
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = rejected.HttpContext, ProblemDetails = problem });
            };
        });
        return services;
    }

    /// <summary>The authenticated caller, else the client address (behind a proxy, configure forwarded headers).</summary>
    private static string CallerKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "caller:" + name
            : "address:" + context.Connection.RemoteIpAddress;
}
