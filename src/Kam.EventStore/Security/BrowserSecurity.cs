using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Security;

/// <summary>
/// What browsers are told: which dashboard origins may call the API (<c>Cors:Origins</c>; none by default), and the
/// standard security headers on every response.
/// </summary>
public static class BrowserSecurity
{
    public const string CorsSection = "Cors:Origins";

    /// <summary>Headers a dashboard may send and read cross-origin.</summary>
    private static readonly string[] RequestHeaders =
        [HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.IfMatch, HeaderNames.IfNoneMatch, IdempotentPosts.Header, CorrelationIds.Header];

    private static readonly string[] ResponseHeaders =
        [HeaderNames.ETag, HeaderNames.Location, HeaderNames.RetryAfter, CorrelationIds.Header];

    /// <summary>API answers are data, never a page: nothing may load, frame or run from them.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Swagger UI loads its own scripts and styles, styles inline and icons as data: URIs, and calls this API.</summary>
    public const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>
    /// The <see cref="HttpContext.Items"/> key under which a part of the service (the dashboard) states its own
    /// Content-Security-Policy for the response.
    /// </summary>
    public const string ContentSecurityPolicyItem = "kam:content-security-policy";

    public static IServiceCollection AddKamCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection(CorsSection).Get<string[]>() ?? [];
        if (origins.Any(o => o.Trim() == "*"))
        {
            throw new InvalidOperationException("Cors:Origins lists the dashboard origins by name; '*' is not accepted.");
        }

        // Bearer tokens, not cookies: no credentials mode, so a listed origin can never ride on a browser session.
        return services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins([.. origins.Select(o => o.Trim().TrimEnd('/'))])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ResponseHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
    }

    /// <summary>Adds the security headers to every response, errors included (set as the response starts, after any reset).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // A static callback with the context as its state, and no async wrapper: nothing is allocated per request for the headers.
        context.Response.OnStarting(SetHeaders, context);
        return next(context);
    });

    private static Task SetHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers[HeaderNames.ContentSecurityPolicy] = context.Items[ContentSecurityPolicyItem] is string own
            ? own
            : context.Request.Path.StartsWithSegments(ApiDocs.OpenApi.RoutePrefix, StringComparison.OrdinalIgnoreCase)
                ? SwaggerContentSecurityPolicy
                : ApiContentSecurityPolicy;
        return Task.CompletedTask;
    }
}
