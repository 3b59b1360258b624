using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;

namespace Kam.EventStore.Tests.Accounts;

public sealed class ChangeKeyAccountTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_rename_keeps_the_previous_name_in_the_history()
    {
        var id = await Given.KeyAccount("Nordic Paper Oy");

        var version = await Given.Change(id, "renames", new RenameKeyAccount { Name = "Nordic Paper Group Oy", Reason = "Merger", Version = 1 });

        version.ShouldBe(2);
        (await Given.Status(id)).Name.ShouldBe("Nordic Paper Group Oy");
        var history = await Host.GetAsJson<JsonElement>($"/api/accounts/{id}/events");
        var renamed = history.GetProperty("items")[1];
        renamed.GetProperty("type").GetString().ShouldBe(nameof(KeyAccountRenamed));
        renamed.GetProperty("data").GetProperty("previousName").GetString().ShouldBe("Nordic Paper Oy");
    }

    [Fact]
    public async Task a_correction_records_only_the_fields_that_really_change()
    {
        var id = await Given.KeyAccount("Nordic Paper Oy", registryId: "FI111");

        await Given.Change(id, "corrections", new CorrectAccountDetails
        {
            Name = "Nordic Paper Oy", // unchanged: not part of the correction
            RegistryId = "FI112",
            RevenueBudget = new Money(900_000m, "EUR"),
            Reason = "Mistyped at designation",
        });

        var status = await Given.Status(id);
        status.RegistryId.ShouldBe("FI112");
        status.RevenueBudget.ShouldBe(new Money(900_000m, "EUR"));
        var history = await Host.GetAsJson<JsonElement>($"/api/accounts/{id}/events");
        var data = history.GetProperty("items")[1].GetProperty("data");
        data.GetProperty("name").ValueKind.ShouldBe(JsonValueKind.Null);
        data.GetProperty("registryId").GetString().ShouldBe("FI112");
        data.GetProperty("reason").GetString().ShouldBe("Mistyped at designation");
    }

    [Fact]
    public async Task a_correction_that_changes_nothing_is_422_and_appends_nothing()
    {
        var id = await Given.KeyAccount("Nordic Paper Oy");
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new CorrectAccountDetails { Name = "Nordic Paper Oy", Reason = "Check" }).ToUrl($"/api/accounts/{id}/corrections");
            x.StatusCodeShouldBe(422);
        });

        (await result.Problem()).Rule.ShouldBe("nothing-to-correct");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task correcting_the_registry_id_to_one_another_account_holds_is_409()
    {
        await Given.KeyAccount("First Oy", registryId: "FI111");
        var second = await Given.KeyAccount("Second Oy", registryId: "FI222");

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new CorrectAccountDetails { RegistryId = "FI-111", Reason = "Typo" }).ToUrl($"/api/accounts/{second}/corrections");
            x.StatusCodeShouldBe(409);
        });

        (await result.Problem()).Rule.ShouldBe("duplicate-registry-id");
    }

    [Fact]
    public async Task reclassification_and_status_changes_show_in_the_status_with_their_reason_and_business_time()
    {
        var id = await Given.KeyAccount("Nordic Paper Oy");
        var lastWeek = AppFixture.Start.AddDays(-7);

        await Given.Change(id, "reclassifications", new ReclassifyKeyAccount { Tier = AccountTier.Strategic, Reason = "Portfolio review" });
        await Given.Change(id, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Lost the tender", OccurredAt = lastWeek });

        var status = await Given.Status(id);
        status.Tier.ShouldBe(AccountTier.Strategic);
        status.Status.ShouldBe(AccountHealth.AtRisk);
        status.StatusReason.ShouldBe("Lost the tender");
        status.StatusSince.ShouldBe(lastWeek);
        status.Version.ShouldBe(3);
    }

    [Fact]
    public async Task a_status_change_to_the_current_status_is_422()
    {
        var id = await Given.KeyAccount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new ChangeAccountStatus { Status = AccountHealth.Active, Reason = "Still fine" }).ToUrl($"/api/accounts/{id}/status-changes");
            x.StatusCodeShouldBe(422);
        });

        (await result.Problem()).Rule.ShouldBe("status-unchanged");
    }

    [Fact]
    public async Task an_ended_designation_keeps_its_history_and_refuses_further_changes_with_409()
    {
        var id = await Given.KeyAccount();
        await Given.Change(id, "designation-end", new EndKeyAccountDesignation { EndedOn = new DateOnly(2026, 10, 31), Reason = "Divested" });
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new RenameKeyAccount { Name = "Anything" }).ToUrl($"/api/accounts/{id}/renames");
            x.StatusCodeShouldBe(409);
        });

        (await result.Problem()).Rule.ShouldBe("designation-ended");
        (await Given.EventCount()).ShouldBe(before);
        var status = await Given.Status(id);
        status.DesignationEnded.ShouldBeTrue();
        status.EndedOn.ShouldBe(new DateOnly(2026, 10, 31));
        status.EndReason.ShouldBe("Divested");
    }

    [Fact]
    public async Task a_designation_cannot_end_before_it_began()
    {
        var id = await Given.KeyAccount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new EndKeyAccountDesignation { EndedOn = new DateOnly(2025, 12, 31), Reason = "Oops" }).ToUrl($"/api/accounts/{id}/designation-end");
            x.StatusCodeShouldBe(422);
        });

        var problem = await result.Problem();
        problem.Rule.ShouldBe("reversed-range");
        problem.Detail.ShouldNotBeNull().ShouldStartWith("endedOn:");
    }
}
