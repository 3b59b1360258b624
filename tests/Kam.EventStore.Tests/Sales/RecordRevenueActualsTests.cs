using Alba;
using Kam.EventStore.Sales;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>A period's actuals for many accounts in one request: all lines or none, each bad line named, a retry appends nothing.</summary>
public sealed class RecordRevenueActualsTests(AppFixture app) : ApiTest(app)
{
    private static RecordRevenueActuals Batch(params ActualLine[] lines) => new()
    {
        Period = Q2, Source = "ERP-INV-2026-Q2", BookedOn = new DateOnly(2026, 7, 6), Lines = lines,
    };

    private static ActualLine Line(Guid account, decimal amount, string currency = "EUR", decimal? rate = null) =>
        new() { AccountId = account, Amount = new Money(amount, currency), Rate = rate };

    [Fact]
    public async Task a_batch_records_every_accounts_actual_in_one_transaction_and_a_retry_with_its_key_appends_nothing()
    {
        var nordic = await Given.SalesAccount();
        var baltic = await Given.SalesAccount("Baltic Board AS");
        var swedish = await Given.SalesAccount("Svensk Massa AB");
        await Given.SetBudget(nordic);
        await Given.SetBudget(swedish);
        var batch = Batch(Line(nordic.AccountId, 610_000m), Line(baltic.AccountId, 120_000m), Line(swedish.AccountId, 4_000_000m, "SEK", 0.0875m));

        var before = await Given.EventCount();
        var first = await Host.Scenario(x =>
        {
            x.Post.Json(batch).ToUrl("/api/revenue-actual-batches");
            x.WithRequestHeader(IdempotentPosts.Header, "erp-2026-q2");
            x.StatusCodeShouldBe(200);
        });
        var recorded = await first.ReadAsJsonAsync<RevenueActualsRecorded>();
        (await Given.EventCount()).ShouldBe(before + 3);
        recorded.Actuals.Select(a => (a.AccountId, a.Converted)).ShouldBe(
        [
            (nordic.AccountId, new Money(610_000m, "EUR")), (baltic.AccountId, new Money(120_000m, "EUR")), (swedish.AccountId, new Money(350_000m, "EUR")),
        ]);

        var retry = await Host.Scenario(x =>
        {
            x.Post.Json(batch).ToUrl("/api/revenue-actual-batches");
            x.WithRequestHeader(IdempotentPosts.Header, "erp-2026-q2");
            x.StatusCodeShouldBe(200);
        });
        (await retry.ReadAsTextAsync()).ShouldBe(await first.ReadAsTextAsync());
        (await Given.EventCount()).ShouldBe(before + 3, "the retry appends nothing");

        // Each account's results count its line; each actual names its batch.
        (await Given.Results(swedish.AccountId, "?from=2026-04-01&to=2026-06-30")).Results.Actual.ShouldBe(350_000m);
        var actual = (await Host.GetAsJson<SalesRecord<RevenueActual>>($"/api/revenue-actuals/{recorded.Actuals[1].ActualId}"))!.Record;
        actual.ShouldSatisfyAllConditions(a => a.BatchId.ShouldBe(recorded.BatchId), a => a.AccountId.ShouldBe(baltic.AccountId), a => a.Source.ShouldBe("ERP-INV-2026-Q2"));
    }

    [Fact]
    public async Task one_bad_line_fails_the_whole_batch_with_a_problem_listing_each_bad_line()
    {
        var nordic = await Given.SalesAccount();
        var baltic = await Given.SalesAccount("Baltic Board AS");
        await Given.SetBudget(nordic);
        var unknown = Guid.NewGuid();

        var problem = await Given.Refused(x => x.Post.Json(Batch(
            Line(baltic.AccountId, 120_000m),
            Line(unknown, 1_000m),
            Line(nordic.AccountId, 5_000_000m, "SEK"),
            Line(baltic.AccountId, 5_000m))).ToUrl("/api/revenue-actual-batches"), 422);

        problem.Rule.ShouldBe("bad-lines");
        problem.Errors.Keys.ShouldBe(["lines[1]", "lines[2]", "lines[3]"]);
        problem.Errors["lines[1]"].ShouldHaveSingleItem().ShouldContain(unknown.ToString());
        problem.Errors["lines[2]"].ShouldHaveSingleItem().ShouldContain("SEK");
        problem.Detail.ShouldNotBeNull().ShouldStartWith("3 of 4 lines");

        var lines = (await Host.Scenario(x =>
        {
            x.Post.Json(Batch(Line(baltic.AccountId, 120_000m), Line(unknown, 1_000m))).ToUrl("/api/revenue-actual-batches");
            x.StatusCodeShouldBe(422);
        })).ReadAsJson<System.Text.Json.JsonElement>().GetProperty("lines");
        lines.GetArrayLength().ShouldBe(1);
        lines[0].GetProperty("index").GetInt32().ShouldBe(1);
        lines[0].GetProperty("rule").GetString().ShouldBe("not-found");
    }

    [Fact]
    public async Task a_line_with_a_bad_field_is_400_naming_it_by_its_path()
    {
        var nordic = await Given.SalesAccount();
        var problem = await Given.Refused(x => x.Post.Json(Batch(
            Line(nordic.AccountId, 1m),
            Line(nordic.AccountId, 2m, "eur"),
            new ActualLine { AccountId = Guid.Empty, Amount = new Money(-3m, "EUR") })).ToUrl("/api/revenue-actual-batches"), 400);
        problem.Errors.Keys.ShouldBe(["lines[1].amount.currency", "lines[2].accountId", "lines[2].amount.amount"], ignoreOrder: true);

        (await Given.Refused(x => x.Post.Json(Batch()).ToUrl("/api/revenue-actual-batches"), 400)).Errors.Keys.ShouldBe(["lines"]);
        (await Given.Refused(x => x.Post.Json(Batch(Line(nordic.AccountId, 1m)) with { Period = new Period(Q2.To, Q2.From) })
            .ToUrl("/api/revenue-actual-batches"), 400)).Errors.Keys.ShouldBe(["period.to"]);
    }
}
