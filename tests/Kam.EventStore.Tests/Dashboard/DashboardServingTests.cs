using System.Text.Json;
using Alba;

namespace Kam.EventStore.Tests.Dashboard;

/// <summary>How the service serves the dashboard: public files under their own content policy, and no token outside Development.</summary>
public sealed class DashboardServingTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_pages_are_public_and_run_only_the_services_own_scripts()
    {
        var page = await Host.Scenario(x =>
        {
            x.Get.Url($"/dashboard/accounts/{Guid.NewGuid()}");
            x.Anonymous();
            x.StatusCodeShouldBeOk();
            x.ContentTypeShouldBe("text/html");
        });
        page.ReadAsText().ShouldContain("/dashboard/app.js");
        var policy = page.Context.Response.Headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe");

        await Host.Scenario(x =>
        {
            x.Get.Url("/");
            x.Anonymous();
            x.StatusCodeShouldBe(302);
            x.Header("Location").SingleValueShouldEqual("/dashboard/");
        });
    }

    [Fact]
    public async Task outside_development_the_sign_in_is_a_pasted_token_and_no_token_is_issued()
    {
        var config = await Host.Scenario(x =>
        {
            x.Get.Url("/dashboard/config.json");
            x.Anonymous();
            x.StatusCodeShouldBeOk();
        });
        config.ReadAsJson<JsonElement>().GetProperty("signIn").GetString().ShouldBe("token");

        await Host.Scenario(x =>
        {
            x.Post.Json(new { user = "mallory", roles = new[] { Roles.Admin } }).ToUrl("/dashboard/development-token");
            x.Anonymous();
            x.StatusCodeShouldBe(401);
        });
    }
}
