using System.Collections.Concurrent;
using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Tests.Security;

/// <summary>The development header works in the Development environment only, says so at start, and never beats a token.</summary>
public sealed class DevelopmentHeaderTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task in_development_the_header_names_the_caller_with_reader_as_the_default_role_and_a_warning_is_logged()
    {
        var logs = new CapturedLogs();
        await using var development = await AppFixture.StartAsync(App.ConnectionString, App.Clock, new Dictionary<string, string?>(), "Development",
            services => services.AddSingleton<ILoggerProvider>(logs));

        await development.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Header Oy", "FI-HEADER")).ToUrl("/api/accounts");
            x.Anonymous();
            x.WithRequestHeader(Callers.DevelopmentHeader, "carol");
            x.StatusCodeShouldBe(403);
        });

        // Said once the server has started (its addresses are known then); it has, now that it answered.
        logs.Messages.ShouldContain(m => m.Contains(Callers.DevelopmentHeader, StringComparison.Ordinal) && m.Contains("Never expose", StringComparison.Ordinal));
        var created = await development.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Header Oy", "FI-HEADER")).ToUrl("/api/accounts");
            x.Anonymous();
            x.WithRequestHeader(Callers.DevelopmentHeader, "carol");
            x.WithRequestHeader(Callers.DevelopmentRolesHeader, Roles.Writer);
            x.StatusCodeShouldBe(201);
        });
        var id = (await created.ReadAsJsonAsync<Kam.EventStore.Accounts.KeyAccountCreated>()).AccountId;

        // A token wins over the header; no credentials at all is still 401.
        await development.Scenario(x =>
        {
            x.Post.Json(new Kam.EventStore.Accounts.RenameKeyAccount { Name = "Header Two Oy" }).ToUrl($"/api/accounts/{id}/renames");
            x.As("alice@example.com", Roles.Writer);
            x.WithRequestHeader(Callers.DevelopmentHeader, "mallory");
            x.WithRequestHeader(Callers.DevelopmentRolesHeader, Roles.Admin);
            x.StatusCodeShouldBe(200);
        });
        await development.Scenario(x =>
        {
            x.Get.Url("/api/accounts");
            x.Anonymous();
            x.StatusCodeShouldBe(401);
        });

        var events = await development.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{id}/events");
            x.Anonymous();
            x.WithRequestHeader(Callers.DevelopmentHeader, "dora");
        });
        var items = (await events.ReadAsJsonAsync<JsonElement>()).GetProperty("items");
        items[0].GetProperty("recordedBy").GetString().ShouldBe("carol");
        items[1].GetProperty("recordedBy").GetString().ShouldBe("alice@example.com");
        events.Context.Response.Headers.ContainsKey(HeaderNames.WWWAuthenticate).ShouldBeFalse();
    }

    [Fact]
    public async Task in_development_the_header_is_refused_while_the_server_listens_on_any_non_loopback_address()
    {
        await using var development = await AppFixture.StartAsync(App.ConnectionString, App.Clock, new Dictionary<string, string?>(), "Development");
        var addresses = new ServerAddressesFeature();
        development.Server.Features.Set<IServerAddressesFeature>(addresses);

        addresses.Addresses.Add("http://127.0.0.1:5080");
        addresses.Addresses.Add("http://[::1]:5080");
        await AsAdminByHeader(development, 201, "FI-LOOPBACK");

        // Bound to every interface, as a container publishing its port does: the header proves nothing to anyone out there.
        addresses.Addresses.Add("http://0.0.0.0:8080");
        var refused = await AsAdminByHeader(development, 401, "FI-ANYWHERE");
        (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("rule").GetString().ShouldBe("unauthenticated");

        // A token still works there.
        await development.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Token Oy", "FI-TOKEN")).ToUrl("/api/accounts");
            x.As("alice@example.com", Roles.Writer);
            x.StatusCodeShouldBe(201);
        });
    }

    [Fact]
    public async Task in_development_the_dashboard_sign_in_issues_tokens_only_while_the_server_listens_on_loopback()
    {
        await using var development = await AppFixture.StartAsync(App.ConnectionString, App.Clock, new Dictionary<string, string?>(), "Development");
        var addresses = new ServerAddressesFeature();
        development.Server.Features.Set<IServerAddressesFeature>(addresses);
        addresses.Addresses.Add("http://127.0.0.1:5080");
        (await SignInMode(development)).ShouldBe("development");
        var issued = await development.Scenario(x =>
        {
            x.Post.Json(new { user = "carol", roles = new[] { Roles.Writer } }).ToUrl("/dashboard/development-token");
            x.Anonymous();
            x.StatusCodeShouldBeOk();
        });
        (await issued.ReadAsJsonAsync<JsonElement>()).GetProperty("token").GetString().ShouldNotBeNullOrEmpty();

        // The form proves no more than the header does: bound to every interface, it issues nothing to anyone out there,
        // and the page asks for a pasted token instead.
        addresses.Addresses.Add("http://0.0.0.0:8080");
        (await SignInMode(development)).ShouldBe("token");
        var refused = await development.Scenario(x =>
        {
            x.Post.Json(new { user = "mallory", roles = new[] { Roles.Admin } }).ToUrl("/dashboard/development-token");
            x.Anonymous();
            x.StatusCodeShouldBe(403);
        });
        refused.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("rule").GetString().ShouldBe("development-sign-in-loopback-only");
    }

    private static async Task<string?> SignInMode(IAlbaHost host)
    {
        var config = await host.Scenario(x =>
        {
            x.Get.Url("/dashboard/config.json");
            x.Anonymous();
            x.StatusCodeShouldBeOk();
        });
        return (await config.ReadAsJsonAsync<JsonElement>()).GetProperty("signIn").GetString();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.2:443", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://192.168.1.20:8080", false)]
    [InlineData("http://kam.example.com:8080", false)]
    public void an_address_is_loopback_only_when_it_names_the_machine_itself(string address, bool loopback) =>
        ListeningAddresses.IsLoopback(address).ShouldBe(loopback);

    private static Task<IScenarioResult> AsAdminByHeader(IAlbaHost host, int status, string registryId) => host.Scenario(x =>
    {
        x.Post.Json(Scenarios.Designation("Header " + registryId, registryId)).ToUrl("/api/accounts");
        x.Anonymous();
        x.WithRequestHeader(Callers.DevelopmentHeader, "mallory");
        x.WithRequestHeader(Callers.DevelopmentRolesHeader, Roles.Admin);
        x.StatusCodeShouldBe(status);
    });

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
