using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Portfolio;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Kam.EventStore.Tests.Api;

/// <summary>
/// Every error is a problem document whatever the client asked for, no request body or path id makes the service fail,
/// and the logs tell the client's mistakes (Information, no stack trace) from the service's failures (one Error, with the
/// trace id the client was given).
/// </summary>
public sealed class ErrorAnswerTests(AppFixture app) : ApiTest(app)
{
    private static readonly JsonSerializerOptions Web = WebJson();

    private static JsonSerializerOptions WebJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }

    public static TheoryData<string> Accepts => ["text/csv", "application/xml", "text/html", "*/*", "application/x-ndjson", ""];

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task every_kind_of_refusal_is_a_problem_document_whatever_the_accept(string accept)
    {
        var account = await Given.KeyAccount();
        async Task Refused(int status, string rule, Action<Scenario> request)
        {
            var result = await Host.Scenario(x =>
            {
                request(x);
                if (accept.Length > 0)
                {
                    x.WithRequestHeader(HeaderNames.Accept, accept);
                }

                x.StatusCodeShouldBe(status);
            });
            var problem = await result.Problem();
            problem.Status.ShouldBe(status);
            problem.Rule.ShouldBe(rule, $"{status} with Accept '{accept}'");
        }

        await Refused(401, "unauthenticated", x =>
        {
            x.Get.Url("/api/accounts");
            x.Anonymous();
        });
        // A CSV download with an expired or missing token learns why it got no CSV.
        await Refused(401, "unauthenticated", x =>
        {
            x.Get.Url($"/api/accounts/{account}/export?format=csv");
            x.Anonymous();
        });
        await Refused(403, "forbidden", x =>
        {
            x.Post.Json(Scenarios.Designation("Reader Oy")).ToUrl("/api/accounts");
            x.As("rita", Roles.Reader);
        });
        await Refused(404, "not-found", x => x.Get.Url("/api/no-such-thing"));
        await Refused(404, "not-found", x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}"));
        await Refused(404, "not-found", x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}/export"));
        await Refused(405, "method-not-allowed", x => x.Delete.Url("/api/accounts"));
        await Refused(413, "body-too-large", x => x.Post.Text(new string(' ', (int)RequestLimits.MaxRequestBodyBytes + 1) + "{}")
            .ToUrl("/api/accounts").ContentType("application/json"));
        await Refused(414, "uri-too-long", x => x.Get.Url("/api/accounts?q=" + new string('x', RequestLimits.MaxTargetLength)));
        await Refused(415, "unsupported-media-type", x => x.Post.Text("name=Text Oy").ToUrl("/api/accounts").ContentType("text/plain"));
        await Refused(400, "body-required", x => x.Post.Text("null").ToUrl("/api/accounts").ContentType("application/json"));
        await Refused(400, "validation-failed", x => x.Post.Json(Scenarios.Designation("") with { Segment = "" }).ToUrl("/api/accounts"));
        await Refused(404, "not-found", x => x.Post.Json(new { status = "AtRisk" }).ToUrl($"/api/accounts/{Guid.Empty}/status-changes"));
        (await Given.EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task a_caller_over_the_rate_limit_gets_a_429_problem_even_when_asking_for_csv()
    {
        await using var limited = await AppFixture.StartAsync(App.ConnectionString, App.Clock, new Dictionary<string, string?>
        {
            ["RateLimit:PermitLimit"] = "1",
            ["RateLimit:WindowSeconds"] = "600",
        });
        await limited.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.As("hasty@example.com", Roles.Reader);
            x.StatusCodeShouldBeOk();
        });

        var refused = await limited.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{Guid.NewGuid()}/export");
            x.WithRequestHeader(HeaderNames.Accept, "text/csv");
            x.As("hasty@example.com", Roles.Reader);
            x.StatusCodeShouldBe(429);
        });
        (await refused.Problem()).Rule.ShouldBe("too-many-requests");
    }

    [Fact]
    public async Task a_null_body_on_any_write_is_a_400_and_the_all_zero_id_in_any_path_a_404()
    {
        var api = await ApiDocument.LoadAsync(Host);
        var writes = api.Operations.Where(o => o.BodySchema is not null).ToList();
        writes.Count.ShouldBeGreaterThan(30, "the document lists the writes");
        foreach (var write in writes)
        {
            var url = write.Url(p => p.Format == "uuid" ? Guid.NewGuid().ToString() : "anna@example.com");
            var nullBody = await Host.Scenario(x =>
            {
                x.Post.Text("null").ToUrl(url).ContentType("application/json");
                x.StatusCodeShouldBe(400);
            });
            (await nullBody.Problem()).Rule.ShouldBe("body-required", write.ToString());
        }

        foreach (var operation in api.Operations.Where(o => o.PathParameters.Any(p => p.Format == "uuid")))
        {
            var url = operation.Url(p => p.Format == "uuid" ? Guid.Empty.ToString() : "anna@example.com");
            var empty = await Host.Scenario(x =>
            {
                if (operation.IsRead)
                {
                    x.Get.Url(url);
                }
                else
                {
                    x.Post.Json(JsonSerializer.Deserialize<JsonElement>(api.Sample(operation.BodySchema!, new KnownIds(new Dictionary<string, string>()))!.ToJsonString()))
                        .ToUrl(url);
                }

                x.StatusCodeShouldBe(404);
            });
            (await empty.Problem()).Rule.ShouldBe("not-found", operation.ToString());
        }

        (await Given.EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task bad_input_is_logged_as_information_without_a_stack_trace_and_a_failure_as_one_error_with_the_trace_id()
    {
        App.Logs.Clear();
        await Given.Refused(x => x.Post.Text("{\"name\": 42}").ToUrl("/api/accounts").ContentType("application/json"), 400);
        await Given.Refused(x => x.Post.Text("null").ToUrl("/api/accounts").ContentType("application/json"), 400);
        var refusals = App.Logs.Entries.Where(e => e.Category == typeof(RequestGuards).FullName).ToList();
        refusals.Count.ShouldBe(2);
        refusals.ShouldAllBe(e => e.Level == LogLevel.Information && e.Exception == null);
        App.Logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Warning);

        await Given.KeyAccount();
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        async Task Sql(string statement)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }

        App.Logs.Clear();
        // The list's table hidden, so the read fails in the database: a failure on our side.
        await Sql("alter table mt_doc_accountstatus rename to mt_doc_accountstatus_hidden");
        IScenarioResult failed;
        try
        {
            failed = await Host.Scenario(x =>
            {
                x.Get.Url("/api/accounts");
                x.WithRequestHeader(HeaderNames.Accept, "text/csv");
                x.StatusCodeShouldBe(500);
            });
        }
        finally
        {
            await Sql("alter table mt_doc_accountstatus_hidden rename to mt_doc_accountstatus");
        }

        var traceId = (await failed.ReadAsJsonAsync<JsonElement>()).GetProperty("traceId").GetString()!;
        var errors = App.Logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        errors.Count.ShouldBe(1, string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message}")));
        errors[0].Message.ShouldContain(traceId);
        errors[0].Exception.ShouldNotBeNull();
    }

    [Fact]
    public async Task concurrent_retries_of_one_write_are_answered_without_logging_an_error()
    {
        using var client = App.CreateClient();
        var body = JsonSerializer.Serialize(Scenarios.Designation("Retry Oy"), Web);
        App.Logs.Clear();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/accounts", UriKind.Relative))
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(IdempotentPosts.Header, "retry-1");
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }));

        answers.ShouldAllBe(status => status == 201 || status == 409);
        answers.ShouldContain(201);
        (await Given.EventCount()).ShouldBe(1);
        App.Logs.Entries.Where(e => e.Level >= LogLevel.Warning || e.Exception != null)
            .Select(e => $"{e.Level} {e.Category}: {e.Message}").ShouldBeEmpty();
    }
}
