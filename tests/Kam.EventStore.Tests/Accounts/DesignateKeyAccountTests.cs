using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Portfolio;

namespace Kam.EventStore.Tests.Accounts;

public sealed class DesignateKeyAccountTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task designating_a_key_account_answers_201_with_its_address_and_the_status_reads_back()
    {
        var designation = Scenarios.Designation("Nordic Paper Oy", "FI-1234567-8");

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(designation).ToUrl("/api/accounts");
            x.As("alice@example.com", Roles.Writer);
            x.StatusCodeShouldBe(201);
        });

        var created = await result.ReadAsJsonAsync<KeyAccountCreated>();
        created.Version.ShouldBe(1);
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/accounts/{created.AccountId}");

        var read = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{created.AccountId}");
            x.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var status = await read.ReadAsJsonAsync<AccountStatus>();
        status.Name.ShouldBe("Nordic Paper Oy");
        status.RegistryId.ShouldBe("FI-1234567-8");
        status.Segment.ShouldBe("Pulp and paper");
        status.Tier.ShouldBe(AccountTier.Key);
        status.CriteriaMet.ShouldBe(["Revenue potential over 1 MEUR", "Strategic fit"]);
        status.DesignatedOn.ShouldBe(new DateOnly(2026, 1, 15));
        status.RevenueBudget.ShouldBe(new Kam.EventStore.Domain.Money(1_200_000m, "EUR"));
        status.Status.ShouldBe(AccountHealth.Active);
        status.DesignationEnded.ShouldBeFalse();
        status.LastRecordedBy.ShouldBe("alice@example.com");
        status.Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_client_may_choose_the_account_id_and_a_second_designation_with_it_is_409()
    {
        var id = Guid.NewGuid();
        await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("First Oy", "FI111") with { AccountId = id }).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(201);
            x.Header("Location").SingleValueShouldEqual($"/api/accounts/{id}");
        });
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Second Oy", "FI222") with { AccountId = id }).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(409);
        });

        (await result.Problem()).Rule.ShouldBe("duplicate-account");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_registry_id_already_held_by_another_account_is_409_even_written_differently()
    {
        var holder = await Given.KeyAccount("Nordic Paper Oy", registryId: "FI12345678");
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(Scenarios.Designation("Copycat Oy", "fi 1234-5678")).ToUrl("/api/accounts");
            x.StatusCodeShouldBe(409);
        });

        var problem = await result.Problem();
        problem.Rule.ShouldBe("duplicate-registry-id");
        problem.Detail.ShouldNotBeNull().ShouldContain(holder.ToString());
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task the_designation_event_records_who_and_both_clocks()
    {
        var id = await Given.KeyAccount("Nordic Paper Oy");

        var page = await Host.GetAsJson<JsonElement>($"/api/accounts/{id}/events");

        var designated = page.GetProperty("items")[0];
        designated.GetProperty("type").GetString().ShouldBe(nameof(KeyAccountDesignated));
        designated.GetProperty("version").GetInt64().ShouldBe(1);
        // Business time is the designation's date (backdated: the start of that day); recorded time is the store's.
        designated.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero));
        designated.GetProperty("recordedAt").GetDateTimeOffset().ShouldBe(AppFixture.Start);
        designated.GetProperty("recordedBy").GetString().ShouldBe(AppFixture.DefaultUser);
        designated.GetProperty("data").GetProperty("name").GetString().ShouldBe("Nordic Paper Oy");
    }
}
