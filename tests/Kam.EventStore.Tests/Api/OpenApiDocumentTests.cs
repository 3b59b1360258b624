using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kam.EventStore.ApiDocs;

namespace Kam.EventStore.Tests.Api;

/// <summary>
/// The OpenAPI document tells the truth: its examples, sent as they are in story order, all succeed; and what it says each
/// operation answers (400, 404, ETag) is what the service answers.
/// </summary>
public sealed class OpenApiDocumentTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task every_documented_example_succeeds_when_sent_as_is_in_story_order()
    {
        var document = await Document();

        var examples = DocumentedStory.Examples(document);
        examples.Select(e => e.Step).ShouldBe(Enumerable.Range(1, examples.Count), "the steps are numbered 1..N without gaps");
        var answers = await DocumentedStory.Run(Client(), examples);

        answers.Count.ShouldBe(examples.Select(e => e.OperationId).Distinct().Count());
        // The story's outcome, read back: the discount was approved and is now the sales director's.
        var discount = await Get($"/api/commitments/{FirstStory.Discount}");
        discount["commitment"]!["status"]!.GetValue<string>().ShouldBe("InForce");
        discount["commitment"]!["owner"]!.GetValue<string>().ShouldBe(FirstStory.Director);
    }

    [Fact]
    public async Task every_write_has_an_example_without_a_version()
    {
        var document = await Document();

        var writes = DocumentedStory.Operations(document).Where(o => o.Method == "post").ToList();
        writes.Count.ShouldBeGreaterThan(30);
        foreach (var write in writes)
        {
            var media = write.Node["requestBody"]?["content"]?["application/json"];
            var examples = media?["examples"]?.AsObject();
            examples.ShouldNotBeNull($"{write.Node["operationId"]} has no example");
            examples.Count.ShouldBeGreaterThan(0);
            foreach (var (_, example) in examples)
            {
                example!["value"]!.AsObject().ContainsKey("version").ShouldBeFalse($"{write.Node["operationId"]} sends a version");
            }
        }
    }

    [Fact]
    public async Task what_the_document_says_each_read_answers_is_what_it_answers()
    {
        var document = await Document();
        await DocumentedStory.Run(Client(), DocumentedStory.Examples(document));
        var failures = new List<string>();

        foreach (var read in DocumentedStory.Operations(document).Where(o => o.Method == "get"))
        {
            var id = read.Node["operationId"]!.GetValue<string>();
            var responses = read.Node["responses"]!.AsObject();
            var route = Fill(read.Route, read.Node, null);

            using var ok = await Client().GetAsync(route);
            if (ok.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{id} GET {route}: {(int)ok.StatusCode}, not 200");
                continue;
            }

            var documentsETag = responses["200"]?["headers"]?["ETag"] is not null;
            if (ok.Headers.ETag is not null != documentsETag)
            {
                failures.Add($"{id}: ETag {(documentsETag ? "documented but not sent" : "sent but not documented")}");
            }

            responses.ContainsKey("409").ShouldBeFalse($"{id} documents a 409 on a read");
            if (responses.ContainsKey("400"))
            {
                var refused = false;
                foreach (var parameter in Parameters(read.Node, "query"))
                {
                    using var bad = await Client().GetAsync($"{route}{(route.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{parameter}=not%20a%20value%20%7B%7D");
                    refused |= bad.StatusCode == HttpStatusCode.BadRequest;
                }

                if (!refused)
                {
                    failures.Add($"{id}: documents 400, but no query parameter with a value of the wrong type got one");
                }
            }

            if (responses.ContainsKey("404"))
            {
                using var missing = await Client().GetAsync(Fill(read.Route, read.Node, null, unknown: true));
                if (missing.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{id}: documents 404, but unknown ids got {(int)missing.StatusCode}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_document_names_its_server_its_problems_and_its_tags()
    {
        var document = await Document();
        // scripts/test.sh lints the document as served (Redocly's recommended rules) after the tests.
        if (Environment.GetEnvironmentVariable("KAM_OPENAPI_FILE") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, document.ToJsonString());
        }

        document["servers"]!.AsArray().Single()!["url"]!.GetValue<string>().ShouldBe("http://localhost");
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        problem.Select(p => p.Key).ShouldBeSubsetOf(["type", "title", "status", "detail", "instance", "rule", "errors", "traceId", "requiredRoles"]);
        problem.ContainsKey("rule").ShouldBeTrue();
        problem.ContainsKey("errors").ShouldBeTrue();
        problem.ContainsKey("traceId").ShouldBeTrue();
        foreach (var tag in document["tags"]!.AsArray())
        {
            tag!["description"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace($"tag {tag["name"]}");
        }

        foreach (var operation in DocumentedStory.Operations(document))
        {
            var responses = operation.Node["responses"]!.AsObject();
            foreach (var status in new[] { "401", "403", "429" })
            {
                responses[status]!["content"]![OpenApi.ProblemMediaType].ShouldNotBeNull($"{operation.Node["operationId"]} {status}");
            }

            responses["429"]!["headers"]!["Retry-After"].ShouldNotBeNull();
            if (operation.Method == "post")
            {
                responses["413"].ShouldNotBeNull();
            }

            if (responses["201"] is { } created)
            {
                created["headers"]!["Location"].ShouldNotBeNull();
            }

            foreach (var parameter in operation.Node["parameters"]?.AsArray() ?? [])
            {
                if (parameter!["in"]!.GetValue<string>() == "path")
                {
                    parameter["description"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace($"{operation.Node["operationId"]} {parameter["name"]}");
                }
            }
        }
    }

    private async Task<JsonObject> Document() => (await Get("/swagger/v1/swagger.json")).AsObject();

    private async Task<JsonNode> Get(string url)
    {
        using var response = await Client().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The story's caller: the sales director, with the roles the README's first ten minutes give.</summary>
    private HttpClient Client()
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestCallers.Token(FirstStory.Director, [.. FirstStory.CallerRoles]));
        return client;
    }

    private static IEnumerable<string> Parameters(JsonObject operation, string where) =>
        (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == where).Select(p => p!["name"]!.GetValue<string>());

    /// <summary>The route with its path parameters' examples, or ids that name nothing.</summary>
    private static string Fill(string route, JsonObject operation, JsonObject? values, bool unknown = false)
    {
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if (parameter!["in"]!.GetValue<string>() != "path")
            {
                continue;
            }

            var name = parameter["name"]!.GetValue<string>();
            var value = values?[name]?.GetValue<string>() ?? parameter["example"]?.ToString() ?? "";
            if (unknown)
            {
                value = name == "personId" ? "nobody@example.com" : Guid.NewGuid().ToString();
            }

            route = route.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        // Required query parameters with their examples.
        var query = (operation["parameters"]?.AsArray() ?? [])
            .Where(p => p!["in"]!.GetValue<string>() == "query" && p["required"]?.GetValue<bool>() == true)
            .Select(p => $"{p!["name"]}={Uri.EscapeDataString(p["example"]!.ToString())}")
            .ToList();
        return query.Count == 0 ? route : $"{route}?{string.Join('&', query)}";
    }
}
