using System.Text;
using System.Text.Json.Nodes;
using Kam.EventStore.ApiDocs;

namespace Kam.EventStore.Tests.Api;

/// <summary>One request example of the OpenAPI document, with its place in the first story.</summary>
public sealed record DocumentedExample(int Step, string OperationId, string Name, string Route, JsonNode Body, JsonObject Path, JsonObject? PathFromAnswer);

/// <summary>An operation of the OpenAPI document.</summary>
public sealed record DocumentedOperation(string Method, string Route, JsonObject Node);

/// <summary>Reads the first story out of the served OpenAPI document and sends it, example by example, as a client would.</summary>
public static class DocumentedStory
{
    public static List<DocumentedOperation> Operations(JsonObject document) =>
        [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => new DocumentedOperation(op.Key, path.Key, op.Value!.AsObject())))];

    /// <summary>Every request example that has a story step, in step order.</summary>
    public static List<DocumentedExample> Examples(JsonObject document) =>
    [
        .. Operations(document)
            .Where(o => o.Node["requestBody"]?["content"]?["application/json"]?["examples"] is not null)
            .SelectMany(o => o.Node["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject().Select(e =>
            {
                var story = e.Value![OpenApi.StoryExtension]!;
                return new DocumentedExample(story["step"]!.GetValue<int>(), o.Node["operationId"]!.GetValue<string>(), e.Key, o.Route, e.Value["value"]!,
                    story["path"]!.AsObject(), story["pathFromAnswer"]?.AsObject());
            }))
            .OrderBy(e => e.Step),
    ];

    /// <summary>
    /// Posts each example's body exactly as documented to its route, in order, and requires a 2xx; returns the answers by
    /// operation id (the latest of each). <paramref name="beforeEach"/> runs before each step (to move a test clock).
    /// </summary>
    public static async Task<Dictionary<string, JsonNode>> Run(HttpClient client, IEnumerable<DocumentedExample> examples, Action<DocumentedExample>? beforeEach = null)
    {
        var answers = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            beforeEach?.Invoke(example);
            var route = example.Route;
            foreach (var (name, value) in example.Path)
            {
                var taken = example.PathFromAnswer?[name]?.GetValue<string>() is { } operation ? answers[operation][name]!.ToString() : value!.GetValue<string>();
                route = route.Replace("{" + name + "}", Uri.EscapeDataString(taken), StringComparison.Ordinal);
            }

            using var content = new StringContent(example.Body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(route.TrimStart('/'), content);
            var text = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBeInRange(200, 299, $"step {example.Step} {example.OperationId} '{example.Name}' POST {route}: {text}");
            answers[example.OperationId] = JsonNode.Parse(text)!;
        }

        return answers;
    }
}
