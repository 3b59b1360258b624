using System.Diagnostics;
using System.Text.Json;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Npgsql;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Kam.EventStore.Api;

/// <summary>Adds what every problem answer carries: the request's trace id, for support and log search.</summary>
public static partial class ProblemResponses
{
    private const string WolverineJsonFailureTitle = "Invalid JSON format";

    [System.Text.RegularExpressions.GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial System.Text.RegularExpressions.Regex JsonPath();

    private static string RuleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad-request",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status406NotAcceptable => "not-acceptable",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "body-too-large",
        StatusCodes.Status414UriTooLong => "uri-too-long",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status422UnprocessableEntity => "unprocessable",
        StatusCodes.Status429TooManyRequests => "too-many-requests",
        >= 500 => "internal-error",
        _ => "http-" + status,
    };

    /// <summary>The id a problem answer quotes and the logs record: the W3C trace id of the request, else ASP.NET Core's.</summary>
    public static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    public static void Enrich(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Title == WolverineJsonFailureTitle)
        {
            // Wolverine's own answer to a body it could not read: reshape it to name the field, without .NET type names.
            var path = JsonPath().Match(problem.Detail ?? "");
            var malformed = ProblemExceptionHandler.Malformed(path.Success ? path.Groups[1].Value : "$", problem.Detail ?? "");
            problem.Type = malformed.Type;
            problem.Title = malformed.Title;
            problem.Detail = malformed.Detail;
            problem.Extensions.Clear();
            foreach (var (key, value) in malformed.Extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        if (problem.Type is null || !problem.Type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal))
        {
            // Framework answers (unknown route, wrong method or media type, missing aggregate) get our vocabulary too.
            var rule = RuleFor(problem.Status ?? context.HttpContext.Response.StatusCode);
            problem.Type = Problems.TypePrefix + rule;
            problem.Extensions["rule"] = rule;
        }

        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = TraceId(context.HttpContext);
        if (problem.Status is >= 500)
        {
            // Never leak internals: a 5xx says only that it failed and how to find it in the logs.
            problem.Detail = "The request failed on our side; nothing was recorded. Quote the traceId when reporting it.";
        }
    }
}

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's <c>Accept</c>. ASP.NET Core's own writer
/// declines a request whose <c>Accept</c> names neither JSON nor problem+json (a CSV download, an XML client): refusals then
/// became <c>text/plain</c>, and a 401, 403 or 429 had no writer at all and became an empty 500. An error answer is always a
/// problem document, and RFC 9110 lets an error disregard <c>Accept</c>; a client that asked for CSV still learns why it got none.
/// Registered ahead of the default writer and accepting every request, it is the only one that writes.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<HttpJsonOptions> json) : IProblemDetailsWriter
{
    public const string MediaType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        http.Response.StatusCode = problem.Status.Value;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, MediaType, http.RequestAborted));
    }
}

/// <summary>
/// Turns exceptions that are really answers about the request into the right 4xx problem, so no bad request
/// becomes a 500. Anything else is logged and answered as a bare 500 (or 503 when the database is down).
/// A throw always happens before or during the commit, so a failed request has appended nothing.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem is null)
        {
            // The trace id the client gets in the problem, so "quote the traceId" finds this one entry.
            var traceId = ProblemResponses.TraceId(httpContext);
            if (exception is NpgsqlException { IsTransient: true } or TimeoutException)
            {
                LogUnavailable(logger, exception, traceId);
                problem = Problems.Make(StatusCodes.Status503ServiceUnavailable, "unavailable", "The service is temporarily unavailable.", "");
            }
            else
            {
                LogFailure(logger, exception, traceId);
                problem = Problems.Make(StatusCodes.Status500InternalServerError, "internal-error", "An unexpected error occurred.", "");
            }
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The 4xx answer an exception stands for, or null when it is a real failure.</summary>
    public static ProblemDetails? Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            Problems.Make(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large.",
                $"Bodies are limited to {RequestLimits.MaxRequestBodyBytes} bytes."),
        JsonException json => Malformed(json.Path, json.Message),
        BadHttpRequestException { InnerException: JsonException json } => Malformed(json.Path, json.Message),
        BadHttpRequestException bad => Problems.Make(bad.StatusCode, "bad-request", "The request is malformed.", bad.Message),
        // Two creations raced past their Validate checks; the loser learns what already exists.
        ExistingStreamIdCollisionException collision =>
            Problems.Conflict(DuplicateRule(collision.AggregateType), $"It was created concurrently by another request ({collision.Id})."),
        ConcurrencyException =>
            Problems.Conflict("version-conflict", "The data changed while this request was being decided. Reload, then retry."),
        // Named by the rule it stands for, never by the database's own names.
        _ when FindUniqueViolation(exception) is { } unique => unique.ConstraintName?.Contains("registry_key", StringComparison.Ordinal) == true
            ? Problems.Conflict("duplicate-registry-id", "Another key account took this registry id concurrently.")
            : Problems.Conflict("duplicate", "A record with the same unique value already exists."),
        // A text the database cannot hold (U+0000) that slipped past the field checks, e.g. in a route or query value.
        _ when FindPostgres(exception, PostgresErrorCodes.UntranslatableCharacter, PostgresErrorCodes.CharacterNotInRepertoire) is not null =>
            Problems.Make(StatusCodes.Status400BadRequest, "unstorable-text", "The request holds a character that cannot be stored.",
                "Text must not contain the NUL character (U+0000)."),
        _ => null,
    };

    /// <summary>The same rule the creating endpoint's own check answers with, registered on the stream's write model (<see cref="DuplicateRuleAttribute"/>).</summary>
    private static string DuplicateRule(Type? aggregate) =>
        aggregate?.GetCustomAttributes(typeof(DuplicateRuleAttribute), inherit: false).OfType<DuplicateRuleAttribute>().FirstOrDefault()?.Rule ?? "duplicate";

    /// <summary>
    /// A body the serializer refused at <paramref name="jsonPath"/>: not JSON or a value of the wrong type (<c>malformed-json</c>),
    /// a field the request does not have (<c>unknown-field</c>), a <c>null</c> where none is taken (<c>null-value</c>) or a
    /// missing part of a value (<c>missing-field</c>); <paramref name="message"/> is the serializer's, never shown.
    /// </summary>
    public static ProblemDetails Malformed(string? jsonPath, string message = "")
    {
        var field = string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
        var (failure, missing) = Json.Classify(message);
        var (rule, title, text) = failure switch
        {
            Json.Failure.UnknownField => ("unknown-field", "The request body has a field this request does not take.",
                "Unknown field: this request has no such field (check its spelling against the schema); nothing was recorded."),
            Json.Failure.Null => ("null-value", "The request body has a null where a value is required.",
                "Must not be null: give a value, or leave the field out where it is optional."),
            Json.Failure.Missing => ("missing-field", "The request body lacks a required field.", "Required."),
            _ => ("malformed-json", "The request body is not valid JSON for this request.", "The JSON is malformed or has a value of the wrong type here."),
        };
        if (failure == Json.Failure.Missing && missing is not null)
        {
            field = field == "body" ? missing : $"{field}.{missing}";
        }

        // A null item of a list is named by its index, as the commands' own checks name an item (lines[2]).
        if (Json.NullItemIndex(message) is { } index)
        {
            field = $"{System.Text.RegularExpressions.Regex.Replace(field, @"\[\d+\]$", "")}[{index}]";
        }

        var problem = Problems.Validation(new Dictionary<string, string[]> { [field] = [text] });
        problem.Type = Problems.TypePrefix + rule;
        problem.Extensions["rule"] = rule;
        problem.Title = title;
        return problem;
    }

    private static PostgresException? FindUniqueViolation(Exception exception) => FindPostgres(exception, PostgresErrorCodes.UniqueViolation);

    private static PostgresException? FindPostgres(Exception exception, params string[] sqlStates)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres && sqlStates.Contains(postgres.SqlState, StringComparer.Ordinal))
            {
                return postgres;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed; traceId {TraceId}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable; traceId {TraceId}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string traceId);
}
