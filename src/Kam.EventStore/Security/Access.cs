using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Security;

/// <summary>
/// The roles a token may carry. <c>admin</c> includes <c>writer</c>, which includes <c>reader</c>; <c>approver</c>
/// includes only <c>reader</c> and is included by nothing: approving a commitment is a business decision of its own
/// (the approver's authority is checked as well), so neither recording facts nor administering the service grants it.
/// </summary>
public static class Roles
{
    /// <summary>Every query.</summary>
    public const string Reader = "reader";

    /// <summary>Record interactions, make commitments, role changes on accounts.</summary>
    public const string Writer = "writer";

    /// <summary>Approve or reject commitments and project changes, sign off plans (routes with an <c>approval</c>, <c>approvals</c>, <c>rejection</c> or <c>sign-off</c> segment).</summary>
    public const string Approver = "approver";

    /// <summary>The people directory and authority, erasure of personal data, rebuilds, health formula versions; and everything a writer may do.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Writer, Approver, Admin];
}

/// <summary>
/// One authorization policy per role, named after it; a policy accepts its role and every role that includes it.
/// </summary>
public static class AccessPolicies
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AcceptedRoles =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [Roles.Reader] = [Roles.Reader, Roles.Writer, Roles.Approver, Roles.Admin],
            [Roles.Writer] = [Roles.Writer, Roles.Admin],
            [Roles.Approver] = [Roles.Approver],
            [Roles.Admin] = [Roles.Admin],
        };

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in AcceptedRoles)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        // Anything that is not a Wolverine endpoint and does not say otherwise (health checks do) needs a caller.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    /// <summary>Route segments of approval decisions: a commitment's or a project change's approval or rejection, a plan's sign-off.</summary>
    private static readonly HashSet<string> ApprovalDecisions = new(["approvals", "approval", "rejection", "sign-off"], StringComparer.Ordinal);

    /// <summary>
    /// The policy an endpoint gets by convention, from its method and route alone:
    /// approvals need an approver; erasure, rebuilds, every write to the people directory (profiles, authority) and the
    /// registration of health formula versions an admin; any other write a writer; any read a reader.
    /// </summary>
    public static string For(IEnumerable<string> httpMethods, string route)
    {
        var segments = route.Trim('/').Split('/');
        var reads = httpMethods.All(m => m is "GET" or "HEAD");
        if (segments.Any(ApprovalDecisions.Contains))
        {
            return Roles.Approver;
        }

        if (segments.Contains("erasure", StringComparer.Ordinal) || segments.Contains("rebuilds", StringComparer.Ordinal))
        {
            return Roles.Admin;
        }

        if (reads)
        {
            return Roles.Reader;
        }

        return segments is ["api", "people" or "health-formulas", ..] ? Roles.Admin : Roles.Writer;
    }
}

/// <summary>
/// Applies <see cref="AccessPolicies.For"/> to every Wolverine endpoint, so a new endpoint is protected without an
/// attribute. An endpoint that states its own <c>[Authorize]</c> or <c>[AllowAnonymous]</c> keeps it.
/// </summary>
public sealed class AccessByConvention : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var method = chain.Method.Method;
            if (StatesItsOwnAccess(method) || StatesItsOwnAccess(chain.Method.HandlerType))
            {
                continue;
            }

            chain.RequireAuthorization(AccessPolicies.For(chain.HttpMethods, chain.RoutePattern?.RawText ?? "/"));
        }
    }

    private static bool StatesItsOwnAccess(MemberInfo member) =>
        member.GetCustomAttributes(inherit: true).Any(a => a is IAuthorizeData or IAllowAnonymous);
}

/// <summary>
/// 401 and 403 as RFC 9457 problem documents like every other error, naming what was missing: a valid token, or
/// one of the roles the operation accepts.
/// </summary>
public sealed class ProblemAuthorizationResults(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // The default handler challenges (401, WWW-Authenticate) or forbids (403); the body is ours.
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded || context.Response.HasStarted)
        {
            return;
        }

        ProblemDetails problem;
        if (authorizeResult.Challenged)
        {
            problem = Problems.Make(StatusCodes.Status401Unauthorized, "unauthenticated", "Authentication is required.",
                "Send a valid bearer token: 'Authorization: Bearer <token>'.");
        }
        else
        {
            var accepted = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
            problem = Problems.Make(StatusCodes.Status403Forbidden, "forbidden", "The caller's roles do not allow this operation.",
                accepted.Count == 0 ? "This operation is not allowed for the caller." : $"This operation needs one of the roles: {string.Join(", ", accepted)}.");
            if (accepted.Count > 0)
            {
                problem.Extensions["requiredRoles"] = accepted;
            }
        }

        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
