using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Kam.EventStore.Infrastructure;

/// <summary>The OpenAPI document: descriptions and examples come from the code's <c>///</c> comments.</summary>
public static class OpenApi
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Kam.EventStore",
            Version = "v1",
            Description =
                "Event-sourced history of key accounts: every interaction, commitment and role change, kept forever. " +
                "Writes are POSTs of commands that append events; each accepts an expected version (body `version` or " +
                "`If-Match`) and an `Idempotency-Key` header. Reads return `version` and an `ETag`. Errors are RFC 9457 " +
                "problem documents whose `type` names the broken rule. Until authentication exists, the caller is named " +
                $"by the `{Callers.DevelopmentHeader}` header.",
        });
        options.IncludeXmlComments(typeof(OpenApi).Assembly, includeControllerXmlComments: true);
        options.SupportNonNullableReferenceTypes();
        options.OperationFilter<CommonHeaders>();
    }

    /// <summary>Documents the headers every operation understands, so clients discover them from the document.</summary>
    private sealed class CommonHeaders : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(Header(Callers.DevelopmentHeader,
                $"Development only: who is calling (recorded on every event). Defaults to '{Callers.DefaultDevelopmentUser}'."));
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
