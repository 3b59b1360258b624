using System.Text.Json;
using JasperFx;
using JasperFx.CodeGeneration;
using Kam.EventStore.Portfolio;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Kam.EventStore.Api;

/// <summary>The route values of an endpoint that are ids (UUIDs), as endpoint metadata.</summary>
public sealed record GuidRouteValues(IReadOnlyList<string> Names);

/// <summary>Records which route values of every endpoint are UUID ids, for <see cref="RequestGuards"/>.</summary>
public sealed class GuidRouteIds : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            // A route value the endpoint binds as something else (a person id is text) is not a UUID; every other one is, whether
            // the endpoint takes it as a Guid or an aggregate attribute loads the stream by it.
            var other = chain.Method.Method.GetParameters()
                .Where(p => p.Name is not null && (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) != typeof(Guid))
                .Select(p => p.Name!)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var ids = chain.RoutePattern?.Parameters.Select(p => p.Name).Where(name => !other.Contains(name)).ToList() ?? [];
            if (ids.Count > 0)
            {
                chain.WithMetadata(new GuidRouteValues(ids));
            }
        }
    }
}

/// <summary>
/// What every endpoint can take for granted before it runs, checked once here instead of in each command: no id in the path
/// is the all-zero UUID (it names nothing: 404, as a read of it answers, where Marten would refuse it as a stream id with a
/// 500), and a request body is JSON that reads as the request's type, not <c>null</c> (whose fields every <c>Validate</c>
/// would otherwise dereference). A body that does not read is answered here with the problem naming the field, and logged
/// as the client's mistake it is: one Information line, no stack trace (Wolverine's own reader logs each as an Error).
/// Runs after authorization, so a caller without the right learns nothing about the body; the body is read once more by
/// the endpoint, from memory.
/// </summary>
public sealed partial class RequestGuards(RequestDelegate next, IOptions<HttpJsonOptions> json, ILogger<RequestGuards> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return next(context);
        }

        if (EmptyId(context, endpoint) is { } problem)
        {
            return RefuseAsync(context, problem);
        }

        // Not async for a request without a body to read (every read): it passes with the rest of the pipeline's task as it is.
        return HasBody(context.Request, endpoint) ? GuardBodyAsync(context, endpoint) : next(context);
    }

    private async Task GuardBodyAsync(HttpContext context, Endpoint endpoint)
    {
        if (await ReadBodyAsync(context, endpoint) is { } problem)
        {
            await RefuseAsync(context, problem);
            return;
        }

        await next(context);
    }

    private Task RefuseAsync(HttpContext context, ProblemDetails problem)
    {
        var rule = problem.Extensions["rule"] as string ?? "";
        LogRefused(logger, context.Request.Method, context.Request.Path.Value ?? "", problem.Status ?? 400, rule, problem.Detail ?? "");

        return Results.Problem(problem).ExecuteAsync(context);
    }

    private static bool HasBody(HttpRequest request, Endpoint endpoint) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null };

    private static ProblemDetails? EmptyId(HttpContext context, Endpoint endpoint)
    {
        var ids = endpoint.Metadata.GetMetadata<GuidRouteValues>();
        if (ids is null)
        {
            return null;
        }

        foreach (var name in ids.Names)
        {
            if (Guid.TryParse(context.Request.RouteValues[name] as string, out var id) && id == Guid.Empty)
            {
                var what = name.EndsWith("Id", StringComparison.Ordinal) ? name[..^2] : name;
                return Problems.NotFound(char.ToUpperInvariant(what[0]) + what[1..], id);
            }
        }

        return null;
    }

    private async Task<ProblemDetails?> ReadBodyAsync(HttpContext context, Endpoint endpoint)
    {
        var request = context.Request;
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type } accepts)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(request.ContentType) && !IsJson(request.ContentType))
        {
            return Problems.Make(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The request body must be JSON.",
                "Send the body as application/json.");
        }

        // Answers are JSON (or a problem document) whatever the Accept, as RFC 9110 lets a server do; Wolverine's body reader
        // would otherwise answer 406 before reading the request, hiding whether it was even valid.
        if (!AcceptsJson(request))
        {
            request.Headers.Accept = "application/json";
        }

        var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException bad)
        {
            return ProblemExceptionHandler.Classify(bad);
        }

        buffer.Position = 0;
        request.Body = buffer;
        if (buffer.Length == 0)
        {
            return accepts.IsOptional ? null : Problems.Make(StatusCodes.Status400BadRequest, "body-required", "The request needs a body.",
                "Send the request as a JSON object (see the operation's schema).");
        }

        object? body;
        try
        {
            body = JsonSerializer.Deserialize(buffer, type, json.Value.SerializerOptions);
        }
        catch (JsonException failure)
        {
            return ProblemExceptionHandler.Malformed(failure.Path, failure.Message);
        }
        finally
        {
            buffer.Position = 0;
        }

        if (body is null && !accepts.IsOptional)
        {
            return Problems.Make(StatusCodes.Status400BadRequest, "body-required", "The request body is null.",
                "Send the request as a JSON object (see the operation's schema), not null.");
        }

        return null;
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Value is { } type &&
        (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("text/json", StringComparison.OrdinalIgnoreCase) ||
         type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Wolverine's own test: no Accept, or one naming JSON, problem+json, any +json type or */*.</summary>
    private static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count == 0 || accept.Any(a => a.MediaType.Value is "application/json" or "application/problem+json" or "*/*" or "text/json" ||
            a.MediaType.Value?.Contains("+json", StringComparison.Ordinal) == true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Status} {Rule} ({Detail})")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string rule, string detail);
}
