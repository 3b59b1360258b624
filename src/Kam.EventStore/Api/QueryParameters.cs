using System.Globalization;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Api;

/// <summary>The typed query parameters of an endpoint (name to type), as endpoint metadata.</summary>
public sealed record QueryParameterTypes(IReadOnlyDictionary<string, Type> Types);

/// <summary>
/// Records every endpoint's typed query parameters (numbers, booleans, dates, instants, ids, enums). Wolverine binds a value
/// it cannot parse as if the parameter were absent, so <c>?asOf=yesterday</c> would silently answer "now";
/// <see cref="StrictQueryParameters"/> refuses it instead.
/// </summary>
public sealed class TypedQueryParameters : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var route = chain.RoutePattern?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            var types = chain.Method.Method.GetParameters()
                .Where(p => p.Name is not null && !route.Contains(p.Name))
                .Select(p => (p.Name!, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
                .Where(p => StrictQueryParameters.Checks(p.Type))
                .ToDictionary(p => p.Item1, p => p.Type, StringComparer.OrdinalIgnoreCase);
            if (types.Count > 0)
            {
                chain.WithMetadata(new QueryParameterTypes(types));
            }
        }
    }
}

/// <summary>A query parameter that does not parse as its type is a 400 naming it, before the endpoint runs.</summary>
public sealed class StrictQueryParameters(RequestDelegate next)
{
    private static readonly Type[] Checked = [typeof(int), typeof(long), typeof(bool), typeof(DateTimeOffset), typeof(DateOnly), typeof(Guid)];

    private static readonly string[] NulRefused = ["Must not contain the NUL character (U+0000)."];

    public static bool Checks(Type type) => type.IsEnum || Checked.Contains(type);

    // Not async, and no work for a request without a query: most reads and every command pass through with the rest of the
    // pipeline's task as it is.
    public Task InvokeAsync(HttpContext context) =>
        context.Request.QueryString.HasValue && Refusal(context) is { } problem ? Results.Problem(problem).ExecuteAsync(context) : next(context);

    private static ProblemDetails? Refusal(HttpContext context)
    {
        // PostgreSQL cannot store or compare U+0000; sent to it, the value fails the statement inside the database. Refused
        // here, before any statement: a statement that failed on a connection with auto-prepared statements has left
        // Npgsql's bookkeeping for that statement wrong, so the next identical query on the connection failed (the fuzzer
        // found it: ?q=%00 then ?q=a on /api/people answered 500).
        // Plain loops, and nothing allocated for a query that passes: every list and page read comes through here.
        var query = context.Request.Query;
        List<string>? withNul = null;
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                {
                    (withNul ??= []).Add(name);
                    break;
                }
            }
        }

        if (withNul is not null)
        {
            var problem = Problems.Validation(withNul.ToDictionary(name => name, _ => NulRefused));
            problem.Type = Problems.TypePrefix + "unstorable-text";
            problem.Extensions["rule"] = "unstorable-text";
            problem.Title = "The request holds a character that cannot be stored.";
            return problem;
        }

        var types = context.GetEndpoint()?.Metadata.GetMetadata<QueryParameterTypes>();
        if (types is null)
        {
            return null;
        }

        FieldErrors? errors = null;
        foreach (var (name, values) in query)
        {
            if (!types.Types.TryGetValue(name, out var type))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (!string.IsNullOrEmpty(value) && !Parses(value, type))
                {
                    (errors ??= new FieldErrors()).Add(name, $"'{value}' is not {Describe(type)}.");
                    break;
                }
            }
        }

        return errors?.ToProblem();
    }

    private static bool Parses(string value, Type type) => type switch
    {
        _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(value, out _),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ when type == typeof(DateOnly) => DateOnly.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(Guid) => Guid.TryParse(value, out _),
        _ => Enum.TryParse(type, value, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!) && !int.TryParse(value, out _),
    };

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(DateTimeOffset) => "an instant (ISO 8601, e.g. 2026-11-02T09:00:00Z)",
        _ when type == typeof(DateOnly) => "a date (YYYY-MM-DD)",
        _ when type == typeof(Guid) => "an id (UUID)",
        _ => $"one of: {string.Join(", ", Enum.GetNames(type))}",
    };
}
