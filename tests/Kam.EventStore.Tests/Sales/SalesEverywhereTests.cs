using System.Text.Json;
using Alba;
using Kam.EventStore.History;
using Kam.EventStore.Sales;
using Kam.EventStore.Tests.History;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>The sales area everywhere else: the whole-account view, the changes, the timeline, the audit export, the status.</summary>
public sealed class SalesEverywhereTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_whole_account_view_the_changes_the_timeline_and_the_export_show_the_accounts_sales()
    {
        var cast = await Given.SalesAccount();
        await Given.SetBudget(cast);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = App.Clock.Now;
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var opportunity = await Given.Open(cast, Opportunity(cast));
        await Given.Posted<SalesWritten>($"/api/opportunities/{opportunity}/stage-changes", new ChangeOpportunityStage { Stage = OpportunityStage.Propose });

        // The view of then holds the sales of then; by business date, as they stood that day.
        var view = await Host.GetAsJson<AccountAsOf>($"/api/accounts/{cast.AccountId}/view");
        view!.Sales!.Opportunities[opportunity].Stage.ShouldBe(OpportunityStage.Propose);
        view.Sales.Budgets.Values.ShouldHaveSingleItem().Total.ShouldBe(2_400_000m);
        (await Host.GetAsJson<AccountAsOf>($"/api/accounts/{cast.AccountId}/view?asOf={Uri.EscapeDataString(before.ToString("O"))}"))!.Sales!.Opportunities
            .ShouldBeEmpty();
        (await Host.GetAsJson<AccountAsOf>($"/api/accounts/{cast.AccountId}/view?on=2026-01-31"))!.Sales!.Budgets.ShouldHaveSingleItem();
        (await Host.GetAsJson<AccountAsOf>($"/api/accounts/{cast.AccountId}/view?on=2026-01-19"))!.Sales!.Budgets.ShouldBeEmpty();

        // The changes since then: the opportunity's events, and the opportunity among the differences.
        var changes = (await Host.GetAsJson<AccountChanges>($"/api/accounts/{cast.AccountId}/changes?from={Uri.EscapeDataString(before.ToString("O"))}"))!;
        changes.Events.Select(e => e.Type).ShouldBe([nameof(OpportunityOpened), nameof(OpportunityStageChanged)]);
        changes.Differences.ShouldContain(d => d.Path == $"/sales/opportunities/{opportunity}");

        // The timeline words them; the export carries every one of them.
        var timeline = (await Host.GetAsJson<JsonElement>($"/api/accounts/{cast.AccountId}/timeline")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("title").GetString()).ToList();
        timeline.ShouldContain("Revenue budget set for 2026-01-01..2026-12-31: 2,400,000 EUR");
        timeline.ShouldContain("Opportunity moved from Qualify to Propose");
        var exported = (await Given.Export($"/api/accounts/{cast.AccountId}/export?format=jsonl")).Lines.Select(l => l.GetProperty("type").GetString()).ToList();
        exported.ShouldContain(nameof(RevenueBudgetSet));
        exported.Count(t => t!.StartsWith("Opportunity", StringComparison.Ordinal)).ShouldBe(2);
        exported.Count.ShouldBe((await Given.SequencesOfAccount(cast.AccountId)).Count, "every event naming the account, from every stream");
    }

    [Fact]
    public async Task an_account_designated_before_sales_were_kept_gets_its_sales_from_its_history_at_its_first_sales_fact()
    {
        var cast = await Given.SalesAccount();
        await using (var connection = new Npgsql.NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forget = new Npgsql.NpgsqlCommand("delete from mt_doc_accountsales; delete from mt_doc_salesresultrow", connection);
            await forget.ExecuteNonQueryAsync();
        }

        (await Host.GetAsJson<Page<RevenueBudget>>($"/api/accounts/{cast.AccountId}/revenue-budgets"))!.Items.ShouldBeEmpty();
        await Given.SetBudget(cast);
        var view = (await Host.GetAsJson<AccountAsOf>($"/api/accounts/{cast.AccountId}/view"))!.Sales!;
        var stored = (await Host.GetAsJson<Page<RevenueBudget>>($"/api/accounts/{cast.AccountId}/revenue-budgets"))!.Items.ShouldHaveSingleItem();
        stored.Total.ShouldBe(view.Budgets.Values.Single().Total);
        (await Given.Results(cast.AccountId)).Results.Budget.ShouldBe(2_400_000m);
        (await Host.GetAsJson<PortfolioResults>("/api/results?by=Kam&from=2026-01-01&to=2026-12-31"))!.Items.ShouldHaveSingleItem().Key.ShouldBe(Anna);
    }

    [Fact]
    public async Task without_a_budget_the_status_has_no_sales_summary_and_results_need_a_period()
    {
        var cast = await Given.SalesAccount();
        (await Given.Status(cast.AccountId)).Sales.ShouldBeNull();
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{cast.AccountId}/results"), 404)).Rule.ShouldBe("no-budget-period");
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{Guid.NewGuid()}/results?from=2026-01-01&to=2026-12-31"), 404)).Rule.ShouldBe("not-found");
        (await Given.Refused(x => x.Get.Url($"/api/accounts/{cast.AccountId}/results?from=2026-01-01"), 400)).Errors.Keys.ShouldBe(["to"]);

        // An actual without a budget is counted in the account's own currency.
        await Given.Actual(cast.AccountId, Q1, 100m);
        (await Given.Results(cast.AccountId, "?from=2026-01-01&to=2026-03-31")).Results.ShouldSatisfyAllConditions(
            r => r.Currency.ShouldBe("EUR"), r => r.Actual.ShouldBe(100m), r => r.AttainmentPercent.ShouldBeNull());
    }
}
