using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Portfolio;

namespace Kam.EventStore.Tests.Accounts;

public sealed class ListAccountsTests(AppFixture app) : ApiTest(app)
{
    private async Task<Page<AccountStatus>> List(string query) => (await Host.GetAsJson<Page<AccountStatus>>($"/api/accounts{query}"))!;

    [Fact]
    public async Task pages_follow_the_name_order_and_never_skip_or_repeat_while_accounts_are_added()
    {
        var names = new[] { "Delta Oy", "alpha Oy", "Echo AB", "Bravo AS", "Charlie GmbH", "Foxtrot SA", "Golf Ltd" };
        var ids = new Dictionary<string, Guid>();
        foreach (var name in names)
        {
            ids[name] = await Given.KeyAccount(name);
        }

        var seen = new List<string>();
        var page = await List("?limit=3");
        seen.AddRange(page.Items.Select(a => a.Name));

        // Meanwhile one account is added before the cursor (not shown: it is behind us) and one after it (shown).
        await Given.KeyAccount("Aardvark Oy");
        await Given.KeyAccount("Hotel Oy");

        while (page.Next is not null)
        {
            page = await List($"?limit=3&cursor={page.Next}");
            seen.AddRange(page.Items.Select(a => a.Name));
        }

        seen.Take(3).ShouldBe(["alpha Oy", "Bravo AS", "Charlie GmbH"]);
        seen.Skip(3).ShouldBe(["Delta Oy", "Echo AB", "Foxtrot SA", "Golf Ltd", "Hotel Oy"]);
        ids.Count.ShouldBe(names.Length);
    }

    [Fact]
    public async Task filters_by_tier_status_and_name_text_and_hides_ended_designations_unless_asked()
    {
        var strategic = await Given.KeyAccount("Nordic Paper Oy", AccountTier.Strategic);
        var atRisk = await Given.KeyAccount("Baltic Board AB");
        var ended = await Given.KeyAccount("Nordic Steel Oy");
        await Given.Change(atRisk, "status-changes", new ChangeAccountStatus { Status = AccountHealth.AtRisk, Reason = "Churn signals" });
        await Given.Change(ended, "designation-end", new EndKeyAccountDesignation { EndedOn = new DateOnly(2026, 10, 1), Reason = "Sold" });

        (await List("?tier=Strategic")).Items.Select(a => a.Id).ShouldBe([strategic]);
        (await List("?status=AtRisk")).Items.Select(a => a.Id).ShouldBe([atRisk]);
        (await List("?q=NORDIC")).Items.Select(a => a.Id).ShouldBe([strategic]);
        (await List("?q=nordic&includeEnded=true")).Items.Select(a => a.Id).ShouldBe([strategic, ended]);
        (await List("?q=100%25")).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    public async Task a_bad_page_request_is_400_naming_the_parameter(string query, string field)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts{query}");
            x.StatusCodeShouldBe(400);
        });

        (await result.Problem()).Errors.Keys.ShouldContain(field);
    }
}
