using Alba;
using Kam.EventStore.Accounts;

namespace Kam.EventStore.Tests.Accounts;

/// <summary>Each class of bad input gets its status and a problem naming the field or rule, and appends nothing.</summary>
public sealed class BadInputTests(AppFixture app) : ApiTest(app)
{
    private Task<Problem> Refused(Action<Scenario> request, int status) => Given.Refused(request, status);

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    public async Task malformed_json_is_400(string body)
    {
        var problem = await Refused(x => x.Post.Text(body).ToUrl("/api/accounts").ContentType("application/json"), 400);

        problem.Rule.ShouldBe("malformed-json");
        problem.Errors.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task a_value_of_the_wrong_type_is_400_naming_the_field_without_dotnet_type_names()
    {
        var id = await Given.KeyAccount();

        var problem = await Refused(x => x.Post.Text("{\"status\": \"Sleepy\", \"reason\": \"x\"}")
            .ToUrl($"/api/accounts/{id}/status-changes").ContentType("application/json"), 400);

        problem.Errors.Keys.ShouldBe(["status"]);
        problem.Detail.ShouldNotBeNull().ShouldNotContain("System.");
    }

    [Fact]
    public async Task missing_and_invalid_fields_are_400_naming_each_field()
    {
        var problem = await Refused(x => x.Post.Json(new DesignateKeyAccount
        {
            Name = " ",
            RegistryId = "FI1",
            CriteriaMet = ["ok", ""],
            RevenueBudget = new Money(-5, "eur"),
            DesignatedOn = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).AddDays(2),
        }).ToUrl("/api/accounts"), 400);

        problem.Rule.ShouldBe("validation-failed");
        problem.Errors.Keys.ShouldBe(
            ["name", "segment", "criteriaMet[1]", "revenueBudget.amount", "revenueBudget.currency", "designatedOn", "tier"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task a_business_time_in_the_future_is_400()
    {
        var id = await Given.KeyAccount();

        var problem = await Refused(x => x.Post.Json(new ChangeAccountStatus
        {
            Status = AccountHealth.Dormant,
            Reason = "Quiet",
            OccurredAt = AppFixture.Start.AddHours(1),
        }).ToUrl($"/api/accounts/{id}/status-changes"), 400);

        problem.Errors.Keys.ShouldBe(["occurredAt"]);
    }

    [Fact]
    public async Task an_unknown_account_is_404_for_reads_and_writes()
    {
        var unknown = Guid.NewGuid();

        (await Refused(x => x.Get.Url($"/api/accounts/{unknown}"), 404)).Rule.ShouldBe("not-found");
        (await Refused(x => x.Get.Url($"/api/accounts/{unknown}/events"), 404)).Rule.ShouldBe("not-found");
        (await Refused(x => x.Post.Json(new RenameKeyAccount { Name = "X" }).ToUrl($"/api/accounts/{unknown}/renames"), 404))
            .Rule.ShouldBe("not-found");
    }

    [Fact]
    public async Task a_stale_expected_version_in_the_body_or_if_match_is_409()
    {
        var id = await Given.KeyAccount();
        await Given.Change(id, "renames", new RenameKeyAccount { Name = "Renamed Oy" });

        (await Refused(x => x.Post.Json(new RenameKeyAccount { Name = "Again Oy", Version = 1 }).ToUrl($"/api/accounts/{id}/renames"), 409))
            .Rule.ShouldBe("version-conflict");
        (await Refused(x =>
        {
            x.Post.Json(new RenameKeyAccount { Name = "Again Oy" }).ToUrl($"/api/accounts/{id}/renames");
            x.WithRequestHeader("If-Match", "\"1\"");
        }, 409)).Rule.ShouldBe("version-conflict");
    }

    [Fact]
    public async Task the_current_version_as_if_match_is_accepted_and_a_malformed_one_is_400()
    {
        var id = await Given.KeyAccount();

        await Host.Scenario(x =>
        {
            x.Post.Json(new RenameKeyAccount { Name = "Renamed Oy" }).ToUrl($"/api/accounts/{id}/renames");
            x.WithRequestHeader("If-Match", "\"1\"");
            x.StatusCodeShouldBe(200);
        });
        (await Refused(x =>
        {
            x.Post.Json(new RenameKeyAccount { Name = "Again Oy" }).ToUrl($"/api/accounts/{id}/renames");
            x.WithRequestHeader("If-Match", "yesterday");
        }, 400)).Errors.Keys.ShouldBe(["If-Match"]);
    }

    [Fact]
    public async Task an_oversized_body_is_413()
    {
        var huge = new string('x', (int)RequestLimits.MaxRequestBodyBytes + 1);

        (await Refused(x => x.Post.Json(Scenarios.Designation() with { Name = huge }).ToUrl("/api/accounts"), 413))
            .Rule.ShouldBe("body-too-large");
    }

    [Fact]
    public async Task an_unknown_route_or_wrong_media_type_is_a_problem_too()
    {
        (await Refused(x => x.Get.Url("/api/nothing-here"), 404)).Rule.ShouldBe("not-found");
        (await Refused(x => x.Post.Text("name=x").ToUrl("/api/accounts"), 415)).Rule.ShouldBe("unsupported-media-type");
    }
}
