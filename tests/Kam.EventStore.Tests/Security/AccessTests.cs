using System.Text;
using System.Text.Json;
using Alba;
using Kam.EventStore.ApiDocs;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Tests.Security;

/// <summary>Who may call what: every operation of the OpenAPI document, without a hand-kept list.</summary>
public sealed class AccessTests(AppFixture app) : ApiTest(app)
{
    private sealed record Operation(string Method, string Path, IReadOnlyList<string> Roles)
    {
        /// <summary>The path with every route parameter replaced by a well-formed id that names nothing.</summary>
        public string Url { get; } = System.Text.RegularExpressions.Regex.Replace(Path, "{[^}]+}", Guid.NewGuid().ToString());

        public override string ToString() => $"{Method} {Path}";
    }

    private static readonly JsonSerializerOptions Web = WebJson();

    private static JsonSerializerOptions WebJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }

    /// <summary>"No role at all", then every known role.</summary>
    private static readonly string[] NoRoleThenEach = ["", .. Roles.All];

    /// <summary>Every operation in the service's own OpenAPI document, with the roles it says it accepts.</summary>
    private async Task<List<Operation>> Operations()
    {
        var document = await Host.Scenario(x =>
        {
            x.Get.Url("/swagger/v1/swagger.json");
            x.Anonymous();
        });
        var json = await document.ReadAsJsonAsync<JsonElement>();
        var operations = new List<Operation>();
        foreach (var path in json.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var roles = operation.Value.TryGetProperty(OpenApi.RolesExtension, out var r)
                    ? r.EnumerateArray().Select(v => v.GetString()!).ToList()
                    : [];
                operations.Add(new Operation(operation.Name.ToUpperInvariant(), path.Name, roles));
            }
        }

        operations.Count.ShouldBeGreaterThan(30);
        return operations;
    }

    /// <summary>The access rule, stated independently of the code that applies it.</summary>
    private static string[] ExpectedRoles(Operation operation)
    {
        var segments = operation.Path.Trim('/').Split('/');
        if (segments.Contains("approvals") || segments.Contains("approval") || segments.Contains("rejection") || segments.Contains("sign-off"))
        {
            return [Roles.Approver];
        }

        if (segments.Contains("erasure") || segments.Contains("rebuilds"))
        {
            return [Roles.Admin];
        }

        if (operation.Method == "GET")
        {
            return [Roles.Reader, Roles.Writer, Roles.Approver, Roles.Admin];
        }

        return operation.Path.StartsWith("/api/people", StringComparison.Ordinal) || operation.Path.StartsWith("/api/health-formulas", StringComparison.Ordinal)
            ? [Roles.Admin]
            : [Roles.Writer, Roles.Admin];
    }

    private async Task<IScenarioResult> Call(Operation operation, Action<Scenario> caller) => await Host.Scenario(x =>
    {
        if (operation.Method == "GET")
        {
            x.Get.Url(operation.Url);
        }
        else
        {
            // A minimal body: authorization must answer before the body is even validated.
            x.Post.Text("{}").ToUrl(operation.Url).ContentType("application/json");
        }

        caller(x);
        x.IgnoreStatusCode();
    });

    [Fact]
    public async Task every_operation_states_the_bearer_scheme_and_the_roles_the_convention_gives_it()
    {
        var operations = await Operations();

        operations.Where(o => !o.Roles.Order().SequenceEqual(ExpectedRoles(o).Order())).Select(o => $"{o}: {string.Join(",", o.Roles)}")
            .ShouldBeEmpty();
        operations.ShouldContain(o => o.Roles.SequenceEqual(new[] { Roles.Admin }), "admin-only operations exist (people, erasure)");
        operations.ShouldContain(o => o.Path.EndsWith("/erasure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task every_operation_answers_401_without_a_token_before_looking_at_the_request()
    {
        var failures = new List<string>();
        foreach (var operation in await Operations())
        {
            var result = await Call(operation, x => x.Anonymous());
            var response = result.Context.Response;
            if (response.StatusCode != 401)
            {
                failures.Add($"{operation}: {response.StatusCode}");
                continue;
            }

            response.Headers[HeaderNames.WWWAuthenticate].ToString().ShouldStartWith("Bearer");
            (await result.Problem()).Rule.ShouldBe("unauthenticated");
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_operation_answers_403_to_each_role_it_does_not_accept_and_lets_each_role_it_accepts_past()
    {
        var failures = new List<string>();
        foreach (var operation in await Operations())
        {
            // No role at all, then each known role: refused unless accepted.
            foreach (var role in NoRoleThenEach)
            {
                var roles = role.Length == 0 ? Array.Empty<string>() : [role];
                var result = await Call(operation, x => x.As("somebody@example.com", roles));
                var status = result.Context.Response.StatusCode;
                var accepted = operation.Roles.Contains(role);
                if (accepted && status is 401 or 403)
                {
                    failures.Add($"{operation} as '{role}': {status}, expected to get past authorization");
                }
                else if (!accepted)
                {
                    if (status != 403)
                    {
                        failures.Add($"{operation} as '{role}': {status}, expected 403");
                        continue;
                    }

                    var problem = await result.Problem();
                    problem.Rule.ShouldBe("forbidden");
                    problem.Detail.ShouldNotBeNull().ShouldContain(operation.Roles[0]);
                }
            }
        }

        failures.ShouldBeEmpty();
        (await Given.EventCount()).ShouldBe(0, "nothing got past validation with a dummy body");
    }

    [Fact]
    public async Task health_the_openapi_document_and_swagger_ui_need_no_token()
    {
        foreach (var url in new[] { "/health/live", "/health/ready", "/swagger/v1/swagger.json", "/swagger/index.html" })
        {
            await Host.Scenario(x =>
            {
                x.Get.Url(url);
                x.Anonymous();
                x.StatusCodeShouldBeOk();
            });
        }

        var document = await Host.GetAsJson<JsonElement>("/swagger/v1/swagger.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(OpenApi.BearerScheme);
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        document.GetProperty("paths").GetProperty("/api/accounts").GetProperty("get").GetProperty("security")[0]
            .TryGetProperty(OpenApi.BearerScheme, out _).ShouldBeTrue();
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", DevelopmentTokens.Issue(TestCallers.Settings, "alice", [Roles.Admin], DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1)) },
        { "signed with another key", DevelopmentTokens.Issue(Other(s => s.SigningKey = new string('k', 48)), "alice", [Roles.Admin], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) },
        { "from another issuer", DevelopmentTokens.Issue(Other(s => s.Issuer = "https://elsewhere.example"), "alice", [Roles.Admin], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) },
        { "for another audience", DevelopmentTokens.Issue(Other(s => s.Audience = "another-service"), "alice", [Roles.Admin], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) },
        { "naming nobody", DevelopmentTokens.Issue(Other(s => s.NameClaim = "email"), "alice@example.com", [Roles.Admin], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) },
        { "naming a control character", DevelopmentTokens.Issue(TestCallers.Settings, "ali\nce", [Roles.Admin], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) },
        { "unsigned", Unsigned("""{"sub":"alice","role":["admin"],"aud":"kam-eventstore","iss":"kam-eventstore-dev","exp":4102444800}""") },
        { "not a token", "not-a-jwt" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task a_token_that_is_not_valid_is_401(string why, string token)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.WithRequestHeader(HeaderNames.Authorization, DevelopmentTokens.Bearer(token));
            x.StatusCodeShouldBe(401);
        });

        (await result.Problem()).Rule.ShouldBe("unauthenticated", why);
    }

    [Fact]
    public async Task outside_development_the_development_header_is_ignored()
    {
        await Host.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.Anonymous();
            x.WithRequestHeader(Callers.DevelopmentHeader, "alice");
            x.WithRequestHeader(Callers.DevelopmentRolesHeader, Roles.Admin);
            x.StatusCodeShouldBe(401);
        });
    }

    [Fact]
    public async Task the_recorded_by_is_the_token_subject_whatever_the_headers_claim_and_a_body_cannot_claim_it()
    {
        var designation = JsonSerializer.Serialize(Scenarios.Designation("Provenance Oy", "FI4242"), Web);
        foreach (var field in new[] { "by", "recordedBy", "userName" })
        {
            var forged = designation[..^1] + $$""", "{{field}}": "mallory"}""";
            var refused = await Given.Refused(x =>
            {
                x.Post.Text(forged).ToUrl("/api/accounts").ContentType("application/json");
                x.As("alice@example.com", Roles.Writer);
            }, 400);
            refused.Errors.Keys.ShouldBe([field]);
        }

        var created = await Host.Scenario(x =>
        {
            x.Post.Text(designation).ToUrl("/api/accounts").ContentType("application/json");
            x.As("alice@example.com", Roles.Writer);
            x.WithRequestHeader(Callers.DevelopmentHeader, "mallory");
            x.StatusCodeShouldBe(201);
        });
        var id = (await created.ReadAsJsonAsync<Kam.EventStore.Accounts.KeyAccountCreated>()).AccountId;

        var designated = (await Host.GetAsJson<JsonElement>($"/api/accounts/{id}/events")).GetProperty("items")[0];

        designated.GetProperty("recordedBy").GetString().ShouldBe("alice@example.com");
        designated.GetProperty("data").GetProperty("by").GetString().ShouldBe("alice@example.com");
        (await Given.Status(id)).LastRecordedBy.ShouldBe("alice@example.com");
    }

    private static AuthSettings Other(Action<AuthSettings> change)
    {
        var settings = new AuthSettings
        {
            Issuer = TestCallers.Settings.Issuer,
            Audience = TestCallers.Settings.Audience,
            SigningKey = TestCallers.Settings.SigningKey,
        };
        change(settings);
        return settings;
    }

    private static string Unsigned(string payload)
    {
        static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode(payload)}.";
    }
}
