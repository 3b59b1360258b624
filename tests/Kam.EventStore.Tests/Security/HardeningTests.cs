using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Relationships;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Kam.EventStore.Tests.Security;

/// <summary>Hostile input, browsers, floods and failures: what the service answers, and what it never reveals.</summary>
public sealed class HardeningTests(AppFixture app) : ApiTest(app)
{
    /// <summary>SQL, script, template, escape and control characters, quotes, LIKE wildcards and astral characters.</summary>
    private const string Hostile =
        "Robert'); DROP TABLE mt_events; -- \"quoted\" <script>alert('x')</script> ${jndi:ldap://x} {{7*7}} " +
        "%_\\ tab\there bell\u0007 esc\u001b[31m line\u2028sep zero\u200bwidth é 🚀";

    private static readonly JsonSerializerOptions Web = WebJson();

    private static JsonSerializerOptions WebJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }

    [Fact]
    public async Task strings_with_sql_script_and_control_characters_round_trip_verbatim()
    {
        var id = await Given.KeyAccount(Hostile);
        var stakeholder = await Given.Stakeholder(id, Hostile, RelationshipScenarios.D(2, 1), title: Hostile);
        await Given.Change(id, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = Hostile + "\r\nsecond line" });

        var status = await Given.Status(id);
        status.Name.ShouldBe(Hostile);
        status.StatusReason.ShouldBe(Hostile + "\r\nsecond line");
        var found = await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?q={Uri.EscapeDataString("drop table mt_events; -- \"quoted\" <script>")}");
        found!.Items.Single().Id.ShouldBe(id);
        (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?q={Uri.EscapeDataString("%_")}"))!.Items.Single().Id.ShouldBe(id);
        (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts?q={Uri.EscapeDataString("' or '1'='1")}"))!.Items.ShouldBeEmpty();

        var profile = (await Host.GetAsJson<StakeholderHistory>($"/api/accounts/{id}/stakeholders/{stakeholder}"))!.Profiles.Single().Profile;
        profile.Name.ShouldBe(Hostile);
        profile.Title.ShouldBe(Hostile);
        var events = await Host.GetAsJson<JsonElement>($"/api/accounts/{id}/events");
        events.GetProperty("items")[0].GetProperty("data").GetProperty("name").GetString().ShouldBe(Hostile);
        (await Given.EventCount()).ShouldBe(3, "the events table is still there");
    }

    [Fact]
    public async Task a_nul_character_is_refused_as_bad_input_not_a_failure()
    {
        var before = await Given.EventCount();
        var body = await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Nul\u0000Oy", "FI-NUL")).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(400);
        });
        (await body.Problem()).Errors.Keys.ShouldBe(["name"]);

        var query = await Host.Scenario(x =>
        {
            x.Get.Url("/api/people?orgUnit=Sales%00Finland");
            x.StatusCodeShouldBe(400);
        });
        (await query.Problem()).Status.ShouldBe(400);
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task json_nested_deeper_than_the_limit_is_400_and_ordinary_nesting_is_fine()
    {
        static string With(int depth) =>
            JsonSerializer.Serialize(Scenarios.Designation("Deep Oy", $"FI-DEEP-{depth}"), Web)[..^1] + ", \"extra\": " + new string('[', depth) + new string(']', depth) + "}";

        // Nesting within the limit is read, and the unknown field holding it refused for what it is.
        var shallow = await Host.Scenario(x =>
        {
            x.Post.Text(With(20)).ToUrl("/api/accounts").ContentType("application/json");
            x.StatusCodeShouldBe(400);
        });
        (await shallow.Problem()).Rule.ShouldBe("unknown-field");
        var deep = await Host.Scenario(x =>
        {
            x.Post.Text(With(Json.MaxDepth + 8)).ToUrl("/api/accounts").ContentType("application/json");
            x.StatusCodeShouldBe(400);
        });

        (await deep.Problem()).Rule.ShouldBe("malformed-json");
        (await Given.EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task every_response_carries_the_security_headers_and_swagger_ui_gets_a_policy_it_can_run_under()
    {
        foreach (var (url, anonymous) in new[] { ("/api/accounts", false), ("/api/accounts", true), ("/api/no-such-route", false), ("/health/live", true) })
        {
            var result = await Host.Scenario(x =>
            {
                x.Get.Url(url);
                if (anonymous)
                {
                    x.Anonymous();
                }

                x.IgnoreStatusCode();
            });
            var headers = result.Context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions].ToString().ShouldBe("nosniff", url);
            headers[HeaderNames.XFrameOptions].ToString().ShouldBe("DENY");
            headers["Referrer-Policy"].ToString().ShouldBe("no-referrer");
            headers[HeaderNames.ContentSecurityPolicy].ToString().ShouldBe(BrowserSecurity.ApiContentSecurityPolicy);
            headers.ContainsKey(HeaderNames.Server).ShouldBeFalse();
        }

        var ui = await Host.Scenario(x =>
        {
            x.Get.Url("/swagger/index.html");
            x.Anonymous();
        });
        var csp = ui.Context.Response.Headers[HeaderNames.ContentSecurityPolicy].ToString();
        csp.ShouldContain("script-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        // Swagger UI's page runs no inline script, so script-src 'self' is enough for it.
        (await ui.ReadAsTextAsync()).ShouldNotContain("<script>");
    }

    [Fact]
    public async Task configured_dashboard_origins_may_call_cross_origin_and_others_may_not()
    {
        async Task<IHeaderDictionary> Preflight(string origin) => (await Host.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.ConfigureHttpContext(c =>
            {
                c.Request.Method = HttpMethods.Options;
                c.Request.Headers.Origin = origin;
                c.Request.Headers.AccessControlRequestMethod = "POST";
                c.Request.Headers.AccessControlRequestHeaders = "authorization,content-type,idempotency-key";
            });
            x.Anonymous();
            x.IgnoreStatusCode();
        })).Context.Response.Headers;

        var allowed = await Preflight(AppFixture.DashboardOrigin);
        allowed.AccessControlAllowOrigin.ToString().ShouldBe(AppFixture.DashboardOrigin);
        allowed.AccessControlAllowMethods.ToString().ShouldContain("POST");
        allowed.AccessControlAllowCredentials.ToString().ShouldBeEmpty();
        (await Preflight("https://evil.example")).ContainsKey(HeaderNames.AccessControlAllowOrigin).ShouldBeFalse();

        var read = await Host.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.WithRequestHeader(HeaderNames.Origin, AppFixture.DashboardOrigin);
        });
        read.Context.Response.Headers.AccessControlExposeHeaders.ToString().ShouldContain("ETag");
    }

    [Fact]
    public async Task a_caller_over_the_rate_limit_gets_429_with_retry_after_while_others_and_health_go_on()
    {
        await using var limited = await AppFixture.StartAsync(App.ConnectionString, App.Clock, new Dictionary<string, string?>
        {
            ["RateLimit:PermitLimit"] = "3",
            ["RateLimit:WindowSeconds"] = "600",
        });

        for (var i = 0; i < 3; i++)
        {
            await limited.Scenario(x =>
            {
                x.Get.Url("/api/accounts");
                x.As("hasty@example.com", Roles.Reader);
                x.StatusCodeShouldBeOk();
            });
        }

        var refused = await limited.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.As("hasty@example.com", Roles.Reader);
            x.StatusCodeShouldBe(429);
        });
        var problem = await refused.Problem();
        problem.Rule.ShouldBe("too-many-requests");
        int.Parse(refused.Context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 600);

        await limited.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.As("patient@example.com", Roles.Reader);
            x.StatusCodeShouldBeOk();
        });
        for (var i = 0; i < 5; i++)
        {
            await limited.Scenario(x =>
            {
                x.Get.Url("/health/live");
                x.Anonymous();
                x.StatusCodeShouldBeOk();
            });
        }
    }

    [Fact]
    public async Task a_failure_on_our_side_is_a_500_problem_without_stack_trace_or_sql()
    {
        await Given.KeyAccount();
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        async Task Sql(string statement)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }

        // Hide the table the list reads, so the query fails in the database, then put it back whatever happens.
        await Sql("alter table mt_doc_accountstatus rename to mt_doc_accountstatus_hidden");
        IScenarioResult result;
        try
        {
            result = await Host.Scenario(x =>
            {
                x.Get.Url("/api/accounts");
                x.StatusCodeShouldBe(500);
            });
        }
        finally
        {
            await Sql("alter table mt_doc_accountstatus_hidden rename to mt_doc_accountstatus");
        }

        var body = await result.ReadAsTextAsync();
        var problem = await result.Problem();
        problem.Rule.ShouldBe("internal-error");
        foreach (var leak in new[] { "mt_doc", "select", "relation", "Npgsql", "Exception", " at ", ".cs", "42P01" })
        {
            body.ShouldNotContain(leak, Case.Insensitive);
        }

        body.ShouldContain("traceId");
        (await Host.GetAsJson<Page<AccountStatus>>("/api/accounts"))!.Items.Count.ShouldBe(1, "the table is back");
    }

    [Fact]
    public async Task racing_duplicates_are_told_in_the_api_s_words_not_the_database_s()
    {
        var client = App.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var body = JsonSerializer.Serialize(Scenarios.Designation($"Racer {i} Oy", "FI-RACE-1"), Web);
            using var response = await client.PostAsync("/api/accounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            return ((int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        answers.Count(a => a.Item1 == 201).ShouldBe(1);
        answers.Where(a => a.Item1 != 201).ShouldAllBe(a => a.Item1 == 409 && a.Body.Contains("duplicate-registry-id") && !a.Body.Contains("mt_"));
    }

    [Fact]
    public async Task overlong_texts_are_400_naming_each_field()
    {
        var id = await Given.KeyAccount();
        var tooLong = new string('x', FieldErrors.LongText + 1);
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = tooLong }).ToUrl($"/api/accounts/{id}/status-changes");
            x.StatusCodeShouldBe(400);
        });
        (await result.Problem()).Errors.Keys.ShouldBe(["reason"]);
        var stakeholder = await Host.Scenario(x =>
        {
            x.Post.Json(new AddStakeholder
            {
                Name = tooLong, Title = "t", Department = "d", Level = OrganisationLevel.Executive, BuyingRole = BuyingRole.User,
                Stance = Stance.Neutral, Email = tooLong + "@x", Phone = tooLong,
            }).ToUrl($"/api/accounts/{id}/stakeholders");
            x.StatusCodeShouldBe(400);
        });
        (await stakeholder.Problem()).Errors.Keys.Order().ShouldBe(["email", "name", "phone"]);
        (await Given.EventCount()).ShouldBe(before);
    }
}
