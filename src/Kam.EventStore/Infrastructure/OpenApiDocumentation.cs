using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Kam.EventStore.Infrastructure;

/// <summary>
/// What the document says beyond the endpoints' own signatures: the answers each operation really gives (problems
/// included), the headers that come with them, what each path parameter is, the tags, and the first story's examples.
/// The rules are derived from the route (a path parameter can name nothing: 404; a query can fail to parse: 400) rather than
/// listed per operation; a test calls every operation to check the document against the service.
/// </summary>
public static partial class OpenApi
{
    /// <summary>Reads of one versioned stream, whose answer carries the stream's version as a strong <c>ETag</c>.</summary>
    public static readonly FrozenSet<string> OperationsWithETag = FrozenSet.ToFrozenSet(
    [
        "GetAccountStatus", "GetAccountView", "GetPerson", "GetCommitment", "GetInteraction", "GetRelationshipMap", "GetAccountRoles",
        "GetRoleHistory", "GetRevenueBudget", "GetRevenueActual", "GetOpportunity", "GetNegotiation",
    ], StringComparer.Ordinal);

    /// <summary>The media type of every problem answer (RFC 9457).</summary>
    public const string ProblemMediaType = "application/problem+json";

    /// <summary>The story extension on an example: its step, the route values and those taken from an earlier answer.</summary>
    public const string StoryExtension = "x-kam-story";

    private static readonly FrozenDictionary<string, string> TagTexts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["People"] = "Our own people: the directory (profiles over time, departures) and each person's authority to commit the company.",
        ["Accounts"] = "Key accounts: designation, details, tier, relationship health and the end of a designation; the current status and lists.",
        ["Account manager"] = "Who is the account's key account manager (KAM) over time: assignments, handovers, vacancies and how the role is organised.",
        ["Account team"] = "Our internal account team: members and their roles over time.",
        ["Stakeholders"] = "The customer's people: their profiles, buying roles and stances over time, departures and erasure of personal data.",
        ["Relationship links"] = "Links between our people and the customer's, with their strength over time.",
        ["Competitors"] = "Competitors present at the customer, and when they left.",
        ["Role history"] = "Who held which role when: roles on a date, every role as dated intervals, the relationship map and KAM portfolios.",
        ["Interactions"] = "Contacts with the customer: who took part, what was said, disclosed and agreed; corrections and retractions.",
        ["Notes"] = "Tacit knowledge about the account and its stakeholders.",
        ["Commitments"] = "Promises made to the customer: checked against the maker's authority, approved, amended, kept, broken or withdrawn, and who owns each.",
        ["Timeline"] = "Everything that happened on an account, from every area, in business time.",
        ["History"] = "The account as recorded at any instant, what changed between two instants, and audit exports.",
        ["Sales"] = "The seller, the negotiator and the result maker: revenue budgets and actuals, opportunities, negotiations with concessions, and results against targets.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> PathParameterTexts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["accountId"] = "The key account's id (its stream id): the `accountId` its designation answered.",
        ["personId"] = "One of our people: their person id (employee id or e-mail address), in any case.",
        ["stakeholderId"] = "A stakeholder of this account: the `stakeholderId` adding them answered.",
        ["commitmentId"] = "The commitment's id: the `commitmentId` making it answered.",
        ["interactionId"] = "An interaction of this account: the `interactionId` recording it answered.",
        ["noteId"] = "A note of this account: the `noteId` recording it answered.",
        ["competitorId"] = "A competitor's presence at this account: the `competitorId` noting it answered.",
        ["budgetId"] = "A revenue budget: the `budgetId` setting it answered.",
        ["actualId"] = "A revenue actual: the `actualId` recording it answered.",
        ["opportunityId"] = "An opportunity: the `opportunityId` opening it answered.",
        ["negotiationId"] = "A negotiation: the `negotiationId` opening it answered.",
        ["concessionId"] = "A concession of this negotiation: the `concessionId` offering it answered.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Reads whose path id is not looked up: an unknown one is an empty answer, not a 404 (the commitment register of an
    /// account that has none).
    /// </summary>
    private static readonly FrozenSet<string> UncheckedPathIds = FrozenSet.ToFrozenSet(["GetCommitmentRegister"], StringComparer.Ordinal);

    /// <summary>Route values Swagger UI fills in for reads, naming what the story creates.</summary>
    private static readonly FrozenDictionary<string, string> StoryRouteValues = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["accountId"] = FirstStory.AccountId.ToString(),
        ["personId"] = FirstStory.Kam,
        ["stakeholderId"] = FirstStory.ProcurementHead.ToString(),
        ["commitmentId"] = FirstStory.Discount.ToString(),
        ["budgetId"] = FirstStory.Budget.ToString(),
        ["actualId"] = FirstStory.ActualQ1.ToString(),
        ["opportunityId"] = FirstStory.Maintenance.ToString(),
        ["negotiationId"] = FirstStory.Negotiation.ToString(),
        ["interactionId"] = FirstStory.PriceReview.ToString(),
        ["noteId"] = FirstStory.Note.ToString(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The problem answers every operation can give, described with the problem schema, in status order:
    /// 400 on every write (the body) and on reads with a query (a value that does not parse); 404 wherever the path names
    /// something; 409 and 422 on writes only; 413 on writes; 401, 403 and 429 on every operation that needs a caller.
    /// Created answers carry <c>Location</c>, reads of a versioned stream <c>ETag</c>, 429 <c>Retry-After</c>.
    /// </summary>
    internal sealed class DocumentedResponses : IOperationFilter
    {
        public static OpenApiResponse Problem(OperationFilterContext context, string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemMediaType] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        };

        private static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
            new() { Description = description, Schema = new OpenApiSchema { Type = type } };

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var responses = operation.Responses ??= [];
            var parameters = operation.Parameters ?? [];
            var write = context.ApiDescription.HttpMethod is not ("GET" or "HEAD");
            var inPath = parameters.Any(p => p.In == ParameterLocation.Path) && !UncheckedPathIds.Contains(operation.OperationId ?? "");
            var query = parameters.Any(p => p.In == ParameterLocation.Query);
            var secured = operation.Security is { Count: > 0 };

            Set(responses, "400", write || query, () => Problem(context, write
                ? "The body is not valid JSON for this request: malformed, a field it does not take (`unknown-field`), a null where it takes none " +
                  "(`null-value`), a value missing a part (`missing-field`), or a field that breaks its rule; `errors` names each field by its JSON path."
                : "A query parameter that does not parse as its type, or a cursor or limit out of range; `errors` names it."));
            Set(responses, "404", inPath, () => Problem(context, "Nothing with an id in the path exists (`not-found`, or a rule naming what is missing)."));
            Set(responses, "409", write, () => Problem(context,
                "The expected version (body `version` or `If-Match`) is not the current one (`version-conflict`), the record already exists, " +
                "or its history is closed; `rule` says which."));
            Set(responses, "413", write, () => Problem(context, $"The body is larger than {ServiceSetup.MaxRequestBodyBytes / 1024} KiB (`body-too-large`)."));
            Set(responses, "422", write, () => Problem(context, "A business rule refused the request; `rule` names it and `detail` explains."));
            if (secured)
            {
                var tooMany = Problem(context, "Too many requests from this caller in the current window (`too-many-requests`).");
                tooMany.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
                {
                    ["Retry-After"] = Header("Seconds to wait before the next request.", JsonSchemaType.Integer),
                };
                responses["429"] = tooMany;
            }

            if (responses.TryGetValue("201", out var created) && created is OpenApiResponse createdResponse)
            {
                createdResponse.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                createdResponse.Headers["Location"] = Header("The address of what was created (also the answer's `url`).");
            }

            if (OperationsWithETag.Contains(operation.OperationId ?? "") && responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
            {
                okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                okResponse.Headers["ETag"] = Header("The stream's version as a strong entity tag (`\"3\"`): send it as `If-Match` on a write decided on this read.");
            }

            // In status order, so the document reads the same as the service answers.
            var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (status, response) in ordered)
            {
                responses[status] = response;
            }
        }

        private static void Set(OpenApiResponses responses, string status, bool given, Func<OpenApiResponse> response)
        {
            if (given)
            {
                responses[status] = response();
            }
            else
            {
                responses.Remove(status);
            }
        }
    }

    /// <summary>Describes every path parameter by its name, and fills in the story's values for Swagger UI.</summary>
    internal sealed class PathParameters : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
            {
                if (string.IsNullOrWhiteSpace(parameter.Description) && PathParameterTexts.TryGetValue(parameter.Name ?? "", out var text))
                {
                    parameter.Description = text;
                }

                if (StoryRouteValues.TryGetValue(parameter.Name ?? "", out var value))
                {
                    parameter.Example = JsonValue.Create(value);
                }
            }
        }
    }

    /// <summary>
    /// Puts the first story's requests (<see cref="FirstStory"/>) on their operations as named examples, in story order, with
    /// the step and the route values under <see cref="StoryExtension"/>; the first step's route values become the path
    /// parameters' examples.
    /// </summary>
    internal sealed class StoryExamples(TimeProvider clock) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.OperationId == "GetAccountChanges"
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p is { In: ParameterLocation.Query, Name: "from" }) is { } since)
            {
                // The endpoint refuses a request without it (400 naming it); the signature cannot say so.
                since.Required = true;
                since.Example = JsonValue.Create(BusinessTime.StartOf(BusinessTime.Today(clock.GetUtcNow()).AddDays(-7)));
            }

            if (operation.OperationId == "ListResults")
            {
                // The endpoint refuses a request without them (400 naming each); the signature cannot say so.
                var (from, to) = FirstStory.FiscalYear(BusinessTime.Today(clock.GetUtcNow()));
                foreach (var (name, example) in new (string, JsonNode)[] { ("by", JsonValue.Create("Kam")), ("from", JsonValue.Create(from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))), ("to", JsonValue.Create(to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) })
                {
                    if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == name) is { } required)
                    {
                        required.Required = true;
                        required.Example = example;
                    }
                }
            }

            var steps = FirstStory.Steps(BusinessTime.Today(clock.GetUtcNow())).Where(s => s.OperationId == operation.OperationId).ToList();
            if (steps.Count == 0 || operation.RequestBody?.Content is not { } content || !content.TryGetValue("application/json", out var json)
                || json is not OpenApiMediaType media)
            {
                return;
            }

            media.Example = null;
            media.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
            foreach (var step in steps)
            {
                var story = new JsonObject
                {
                    ["step"] = step.Number,
                    ["path"] = new JsonObject([.. step.Path.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))]),
                };
                if (step.PathFromAnswer is { } from)
                {
                    story["pathFromAnswer"] = new JsonObject([.. from.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))]);
                }

                media.Examples[step.Name] = new OpenApiExample
                {
                    Summary = $"Step {step.Number}: {step.Summary}",
                    Value = step.Body.DeepClone(),
                    Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal) { [StoryExtension] = new JsonNodeExtension(story) },
                };
            }

            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
            {
                if (steps[0].Path.TryGetValue(parameter.Name ?? "", out var value))
                {
                    parameter.Example = JsonValue.Create(value);
                }
            }
        }
    }

    /// <summary>The problem schema names the members every problem of this service may carry besides RFC 9457's own.</summary>
    internal sealed class ProblemSchema : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem)
            {
                return;
            }

            problem.Description = "An RFC 9457 problem document. `type` is `urn:kam-eventstore:problem:<rule>`.";
            problem.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            problem.Properties["rule"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The rule that refused the request, e.g. `unknown-field`, `version-conflict`, `forbidden`." };
            problem.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation errors: each field, by its JSON path (`revenueBudget.currency`), with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id: quote it when reporting a failure." };
            problem.Properties["requiredRoles"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = "On a 403: the roles that would be allowed.",
            };
        }
    }

    /// <summary>Every tag used, with what its operations are about, in the order of the story.</summary>
    internal sealed class TagDescriptions : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var order = TagTexts.Keys.ToList();
            document.Tags = new HashSet<OpenApiTag>(used
                .OrderBy(t => order.IndexOf(t) is var i && i >= 0 ? i : int.MaxValue).ThenBy(t => t, StringComparer.Ordinal)
                .Select(t => new OpenApiTag { Name = t, Description = TagTexts.TryGetValue(t, out var text) ? text : null }));
        }
    }
}
