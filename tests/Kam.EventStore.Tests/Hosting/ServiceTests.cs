using System.Text.Json;
using Alba;

namespace Kam.EventStore.Tests.Hosting;

public sealed class ServiceTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task liveness_and_readiness_answer_without_a_caller()
    {
        await Host.Scenario(x =>
        {
            x.Get.Url("/health/live");
            x.StatusCodeShouldBeOk();
        });
        await Host.Scenario(x =>
        {
            x.Get.Url("/health/ready");
            x.StatusCodeShouldBeOk();
            x.ContentShouldContain("Healthy");
        });
    }

    [Fact]
    public async Task the_openapi_document_lists_the_operations_with_descriptions_from_the_code()
    {
        var document = await Host.GetAsJson<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths");
        var designate = paths.GetProperty("/api/accounts").GetProperty("post");
        designate.GetProperty("operationId").GetString().ShouldBe("DesignateKeyAccount");
        designate.GetProperty("summary").GetString().ShouldBe("Designate a key account.");
        designate.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldContain("Idempotency-Key");
        paths.GetProperty("/api/accounts/{accountId}").GetProperty("get").GetProperty("description").GetString()
            .ShouldNotBeNull().ShouldContain("ETag");

        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.GetProperty("DesignateKeyAccount").GetProperty("properties").GetProperty("registryId")
            .GetProperty("description").GetString().ShouldNotBeNull().ShouldContain("VAT id");
    }

    [Fact]
    public async Task the_swagger_ui_is_served()
    {
        await Host.Scenario(x =>
        {
            x.Get.Url("/swagger/index.html");
            x.StatusCodeShouldBeOk();
        });
    }

    [Fact]
    public async Task a_correlation_id_sent_by_the_client_is_recorded_on_the_events()
    {
        await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Correlated Oy", "FI777")).ToUrl("/api/accounts");
            x.WithRequestHeader("X-Correlation-ID", "crm-sync-42");
            x.As("bob", Roles.Writer);
            x.StatusCodeShouldBe(201);
        });
        var accounts = await Host.GetAsJson<JsonElement>("/api/accounts");
        var id = accounts.GetProperty("items")[0].GetProperty("id").GetGuid();

        var events = await Host.GetAsJson<JsonElement>($"/api/accounts/{id}/events");

        var designated = events.GetProperty("items")[0];
        designated.GetProperty("correlationId").GetString().ShouldBe("crm-sync-42");
        designated.GetProperty("recordedBy").GetString().ShouldBe("bob");
        designated.GetProperty("sequence").GetInt64().ShouldBeGreaterThan(0);
        // The store records with the service's clock (the test clock here), the same one business times are checked against.
        designated.GetProperty("recordedAt").GetDateTimeOffset().ShouldBe(App.Clock.Now);
    }
}
