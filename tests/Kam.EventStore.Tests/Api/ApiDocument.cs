using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.ApiDocs;

namespace Kam.EventStore.Tests.Api;

/// <summary>One parameter of an operation, as the OpenAPI document states it (enum values resolved from their schema).</summary>
public sealed record ApiParameter(string Name, string In, string? Type, string? Format, IReadOnlyList<string> Enum);

/// <summary>One operation of the OpenAPI document: method, route template, parameters and the schema of its body.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, string? BodySchema)
{
    public IEnumerable<ApiParameter> PathParameters => Parameters.Where(p => p.In == "path");

    public IEnumerable<ApiParameter> QueryParameters => Parameters.Where(p => p.In == "query");

    public bool IsRead => Method == "GET";

    /// <summary>The route with each path parameter replaced by <paramref name="value"/> (escaped unless <paramref name="raw"/>).</summary>
    public string Url(Func<ApiParameter, string> value, bool raw = false) =>
        PathParameters.Aggregate(Path, (url, p) => url.Replace("{" + p.Name + "}", raw ? value(p) : Uri.EscapeDataString(value(p)), StringComparison.Ordinal));

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Ids of things that exist, by the route parameter that names them, for filling in operations' paths and bodies.</summary>
public sealed record KnownIds(IReadOnlyDictionary<string, string> ByParameter)
{
    public string For(string parameter) => ByParameter.TryGetValue(parameter, out var id) ? id : Guid.NewGuid().ToString();

    /// <summary>Ids nothing has: a fresh UUID for UUID parameters, an unregistered person id for person ids.</summary>
    public static string Unknown(ApiParameter parameter) =>
        parameter.Format == "uuid" ? Guid.NewGuid().ToString() : "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.com";
}

/// <summary>The service's OpenAPI document, read as a client would: every operation, and a plausible body for each.</summary>
public sealed class ApiDocument(JsonElement document)
{
    public static async Task<ApiDocument> LoadAsync(IAlbaHost host) =>
        new(await host.GetAsJson<JsonElement>("/swagger/v1/swagger.json"));

    public IReadOnlyList<ApiOperation> Operations { get; } = Read(document);

    private JsonElement Schemas => document.GetProperty("components").GetProperty("schemas");

    private static List<ApiOperation> Read(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => Parameter(p, schemas)).ToList()
                    : [];
                string? body = null;
                if (operation.Value.TryGetProperty("requestBody", out var requestBody) &&
                    requestBody.GetProperty("content").TryGetProperty("application/json", out var json) &&
                    json.GetProperty("schema").TryGetProperty("$ref", out var reference))
                {
                    body = Name(reference.GetString()!);
                }

                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, body));
            }
        }

        return operations;
    }

    private static ApiParameter Parameter(JsonElement parameter, JsonElement schemas)
    {
        var schema = parameter.TryGetProperty("schema", out var s) ? s : default;
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(Name(reference.GetString()!));
        }

        string? Text(string name) => schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var v) ? v.GetString() : null;
        var values = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var e)
            ? e.EnumerateArray().Select(v => v.ToString()).ToList()
            : [];
        return new ApiParameter(parameter.GetProperty("name").GetString()!, parameter.GetProperty("in").GetString()!, Text("type"), Text("format"), values);
    }

    private static string Name(string reference) => reference[(reference.LastIndexOf('/') + 1)..];

    /// <summary>A body for <paramref name="schema"/> built from the document alone: its examples, else a value of each field's type.</summary>
    public JsonNode? Sample(string schema, KnownIds ids) => Sample(Schemas.GetProperty(schema), ids, 0, "");

    /// <summary>The id a field names by its name, when one is known: people by person id, the customer's people by stakeholder id.</summary>
    private static string? KnownId(string field, KnownIds ids) => field switch
    {
        _ when field.Contains("person", StringComparison.OrdinalIgnoreCase) || field is "madeBy" or "owner" or "newOwner" or "ourParticipants"
            or "directReports" or "approvedBy" => ids.ByParameter.GetValueOrDefault("personId"),
        _ when field.Contains("stakeholder", StringComparison.OrdinalIgnoreCase) || field is "madeTo" or "theirParticipants" =>
            ids.ByParameter.GetValueOrDefault("stakeholderId"),
        _ => null,
    };

    private JsonNode? Sample(JsonElement schema, KnownIds ids, int depth, string field)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Sample(Schemas.GetProperty(Name(reference.GetString()!)), ids, depth, field);
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : "object";
        if (KnownId(field, ids) is { } known && type is "string" or "array")
        {
            return type == "string" ? JsonValue.Create(known) : new JsonArray(JsonValue.Create(known));
        }

        if (schema.TryGetProperty("example", out var example))
        {
            return JsonNode.Parse(example.GetRawText());
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonValue.Create(values[0].ToString());
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "string":
                return JsonValue.Create(format switch
                {
                    "uuid" => ids.For("stakeholderId"),
                    "date" => "2026-10-01",
                    "date-time" => "2026-10-01T09:00:00Z",
                    _ => "Sample text",
                });
            case "integer":
                return JsonValue.Create(1);
            case "number":
                return JsonValue.Create(10.5m);
            case "boolean":
                return JsonValue.Create(true);
            case "array":
                return depth > 6 ? new JsonArray() : new JsonArray(Sample(schema.GetProperty("items"), ids, depth + 1, field));
            default:
                var body = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties) && depth <= 6)
                {
                    // Optional fields without an example are left out: their defaults (the current version, business time now)
                    // are what a client that leaves them out gets.
                    foreach (var property in properties.EnumerateObject().Where(p => KnownId(p.Name, ids) is not null ||
                        p.Value.TryGetProperty("example", out _) || !(p.Value.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean())))
                    {
                        body[property.Name] = Sample(property.Value, ids, depth + 1, property.Name);
                    }
                }

                return body;
        }
    }

    /// <summary>A plausible query value for <paramref name="parameter"/>.</summary>
    public static string QueryValue(ApiParameter parameter) => parameter switch
    {
        { Enum.Count: > 0 } => parameter.Enum[0],
        { Format: "date-time" } => "2026-11-01T09:00:00Z",
        { Format: "date" } => "2026-11-01",
        { Format: "uuid" } => Guid.NewGuid().ToString(),
        { Type: "integer" } => "10",
        { Type: "boolean" } => "true",
        _ => parameter.Name switch
        {
            "cursor" => "",
            "format" => "csv",
            "on" => "2026-11-01",
            _ => "a",
        },
    };

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
