using Microsoft.AspNetCore.Http.Features;

namespace Kam.EventStore.Api;

/// <summary>
/// Refuses an oversized body up front with 413, before anything reads it. Kestrel enforces the same limit
/// while streaming a body of unknown length; this covers declared lengths on every server. A request target (path and
/// query) over <see cref="MaxTargetLength"/> is a 414 problem: Kestrel takes request lines up to
/// <see cref="ServerRequestLineLimit"/> so that this answer, not its own bare 414, is what a long URL meets.
/// </summary>
public sealed class RequestLimits(RequestDelegate next)
{
    /// <summary>Largest accepted request body. Commands are small; anything bigger is a mistake or an attack.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>The longest path and query accepted, as the default of most servers and proxies.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Kestrel's own request-line limit; beyond it Kestrel answers 414 with no body before the service sees anything.</summary>
    public const int ServerRequestLineLimit = 64 * 1024;

    // Not async: a request that passes returns the rest of the pipeline's task as it is, with no state machine of its own.
    public Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = string.IsNullOrEmpty(raw) ? context.Request.Path.Value + context.Request.QueryString.Value : raw;
        if (target.Length > MaxTargetLength)
        {
            var tooLong = Problems.Make(StatusCodes.Status414UriTooLong, "uri-too-long", "The request URL is too long.",
                $"Paths with their query are limited to {MaxTargetLength} characters.");
            return Results.Problem(tooLong).ExecuteAsync(context);
        }

        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            var problem = Problems.Make(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large.",
                $"Bodies are limited to {MaxRequestBodyBytes} bytes.");
            return Results.Problem(problem).ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        return next(context);
    }
}
