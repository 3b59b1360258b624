using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace Kam.EventStore.ApiDocs;

/// <summary>The OpenAPI document: descriptions and examples come from the code's <c>///</c> comments.</summary>
public static partial class OpenApi
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Kam.EventStore",
            Version = "v1",
            Contact = new OpenApiContact { Name = "Kam.EventStore maintainers" },
            Description =
                "Event-sourced history of key accounts: every interaction, commitment and role change, kept forever. " +
                "Writes are POSTs of commands that append events; each accepts an expected version (body `version` or " +
                "`If-Match`) and an `Idempotency-Key` header. Reads return `version` and an `ETag`. Errors are RFC 9457 " +
                "problem documents whose `type` names the broken rule. Every operation but health needs a bearer token " +
                "(JWT); its subject is recorded on every event. Roles: `reader` (queries), `writer` (records facts on " +
                "accounts), `approver` (approvals), `admin` (people directory, authority, erasure; includes writer). " +
                "Each operation lists the roles it accepts under `x-kam-roles`. Missing or invalid token: 401; " +
                "too low a role: 403.\n\n" +
                "**The first story.** Each write's example is a step of one story (its summary gives the step): register the sales " +
                "director and two KAMs with their authority, designate an account, assign a KAM, add a stakeholder, record a meeting, " +
                "make a commitment and approve it, then the rest of the account's life. Sent as they are, in step order, with a token " +
                $"for `{FirstStory.Director}` with the roles `admin,approver` (`scripts/run.sh token --story`), every one succeeds on an empty " +
                "database; the ids are fixed, so each example names what an earlier one created.",
        });
        options.IncludeXmlComments(typeof(OpenApi).Assembly, includeControllerXmlComments: true);
        options.SupportNonNullableReferenceTypes();
        options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose subject names the caller. Locally: `scripts/run.sh token --user alice --role writer`.",
        });
        options.OperationFilter<CommonHeaders>();
        options.OperationFilter<AccessRequirements>();
        options.OperationFilter<DocumentedResponses>();
        options.OperationFilter<PathParameters>();
        options.OperationFilter<StoryExamples>();
        options.SchemaFilter<ProblemSchema>();
        options.DocumentFilter<TagDescriptions>();
    }

    /// <summary>
    /// The document names the server it was fetched from (scheme, host and path base of the request), so Swagger UI and
    /// generated clients call the service that served it, wherever it runs.
    /// </summary>
    public static void ConfigureEndpoint(SwaggerOptions swagger) =>
        swagger.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host}{request.PathBase}", Description = "This service" }]);

    /// <summary>Where the OpenAPI document and Swagger UI are served (Swashbuckle's defaults, <c>/swagger/v1/swagger.json</c> and <c>/swagger</c>).</summary>
    public const string RoutePrefix = "/swagger";

    public static void ConfigureUi(SwaggerUIOptions ui)
    {
        ui.DocumentTitle = "Kam.EventStore API";
    }

    /// <summary>The name of the bearer security scheme in the document.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The operation extension listing the roles an operation accepts.</summary>
    public const string RolesExtension = "x-kam-roles";

    /// <summary>
    /// Marks every operation that needs a caller with the bearer scheme (so Swagger UI's Authorize button sends the
    /// token) and lists the roles it accepts, read from the endpoint's own authorization metadata.
    /// </summary>
    private sealed class AccessRequirements : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata ?? [];
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            var roles = policies.Count == 0
                ? Roles.All
                : policies.Select(p => AccessPolicies.AcceptedRoles.TryGetValue(p, out var accepted) ? accepted : [])
                    .Aggregate((a, b) => [.. a.Intersect(b, StringComparer.Ordinal)]);

            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => (JsonNode)JsonValue.Create(r))]));
            var note = $"Roles: {string.Join(", ", roles)}.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? note : $"{operation.Description}\n\n{note}";
            operation.Responses ??= [];
            operation.Responses["401"] = DocumentedResponses.Problem(context, "No valid bearer token (`unauthenticated`).");
            operation.Responses["403"] = DocumentedResponses.Problem(context, $"The caller has none of the roles: {string.Join(", ", roles)} (`forbidden`, listing them under `requiredRoles`).");
        }
    }

    /// <summary>Documents the headers every operation understands, so clients discover them from the document.</summary>
    private sealed class CommonHeaders : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            operation.Parameters ??= [];
            if (context.ApiDescription.HttpMethod == "POST")
            {
                operation.Parameters.Add(Header(IdempotentPosts.Header,
                    "Optional. A retry with the same key and body replays the first response and appends nothing (24 hours)."));
                if (context.ApiDescription.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
                {
                    operation.Parameters.Add(Header("If-Match",
                        "Optional. The ETag of the read this change was decided on; 409 if the resource has changed since."));
                }
            }
        }

        private static OpenApiParameter Header(string name, string description) => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }
}
