using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Domain;

/// <summary>
/// The one place RFC 9457 problem documents are shaped. The <c>type</c> of each names the rule that was
/// broken, so clients can branch on it; <c>errors</c> (for validation) names each offending field by its
/// JSON path.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:kam-eventstore:problem:";

    /// <summary>Field-level validation failed: 400 with an <c>errors</c> map of JSON path to messages.</summary>
    public static ProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors)
    {
        var problem = Make(StatusCodes.Status400BadRequest, "validation-failed", "One or more fields are invalid.",
            string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        problem.Extensions["errors"] = errors;
        return problem;
    }

    /// <summary>A single field is invalid.</summary>
    public static ProblemDetails Invalid(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The thing the request names does not exist: 404.</summary>
    public static ProblemDetails NotFound(string what, object id) =>
        Make(StatusCodes.Status404NotFound, "not-found", $"{what} not found.", $"No {what.ToLowerInvariant()} with id '{id}'.");

    /// <summary>The request conflicts with the current state (duplicate, already ended, version): 409.</summary>
    public static ProblemDetails Conflict(string rule, string detail) =>
        Make(StatusCodes.Status409Conflict, rule, "The request conflicts with the current state.", detail);

    /// <summary>A well-formed request that breaks a business rule: 422.</summary>
    public static ProblemDetails Rule(string rule, string detail) =>
        Make(StatusCodes.Status422UnprocessableEntity, rule, "A business rule was broken.", detail);

    /// <summary>The expected version did not match the stream's version.</summary>
    public static ProblemDetails VersionConflict(long expected, long actual) =>
        Conflict("version-conflict",
            $"Expected version {expected} but the current version is {actual}. Reload, then retry with the current version.");

    public static ProblemDetails Make(int status, string rule, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Type = TypePrefix + rule, Title = title, Detail = detail };
        problem.Extensions["rule"] = rule;
        return problem;
    }

    /// <summary>True when <paramref name="problem"/> is a real problem rather than Wolverine's "carry on".</summary>
    public static bool Found(ProblemDetails problem) => !ReferenceEquals(problem, WolverineContinue.NoProblems);

    /// <summary>The first problem found, or none: rules checked in the order clients need their answers.</summary>
    public static ProblemDetails FirstOf(params ProblemDetails[] problems) => problems.FirstOrDefault(Found) ?? None;

    /// <summary>Wolverine's "carry on" value, named for readability in <c>Validate</c> methods.</summary>
    public static ProblemDetails None => WolverineContinue.NoProblems;
}
