using Microsoft.AspNetCore.Http.Features;

namespace Kam.EventStore.Infrastructure;

/// <summary>
/// Refuses an oversized body up front with 413, before anything reads it. Kestrel enforces the same limit
/// while streaming a body of unknown length; this covers declared lengths on every server.
/// </summary>
public sealed class RequestLimits(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > ServiceSetup.MaxRequestBodyBytes)
        {
            var problem = Problems.Make(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large.",
                $"Bodies are limited to {ServiceSetup.MaxRequestBodyBytes} bytes.");
            await Results.Problem(problem).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ServiceSetup.MaxRequestBodyBytes;
        }

        await next(context);
    }
}
