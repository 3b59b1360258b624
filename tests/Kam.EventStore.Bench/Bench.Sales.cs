using System.Diagnostics;
using System.Globalization;
using System.Net;
using Kam.EventStore.Domain;
using Kam.EventStore.Sales;
using Marten;

namespace Kam.EventStore.Bench;

/// <summary>
/// The sales area's reads (issue 15): an account's results for the year, and the portfolio's results per tier over every
/// seeded account, each next to the current account status read in the same run, one client each. Seeded with the service's
/// own store (its inline projections keep the accounts' sales and results rows), so the reads find what a year of sales
/// leaves: a budget by quarter, two actuals and three opportunities (one won, one lost) per account.
/// </summary>
public sealed partial class Bench
{
    private static readonly int SalesYear = DateTime.UtcNow.Year;
    private static readonly string YearQuery = $"from={SalesYear}-01-01&to={SalesYear}-12-31";

    /// <summary>A year of sales on every seeded account, on streams of their own (the account streams are left as they are).</summary>
    private static async Task<(int Events, double Seconds)> SeedSalesAsync(DocumentStore store, IReadOnlyList<Guid> accounts)
    {
        var sw = Stopwatch.StartNew();
        var events = 0;
        var year = new Period(new DateOnly(SalesYear, 1, 1), new DateOnly(SalesYear, 12, 31));
        Period Quarter(int q) => new(year.From.AddMonths(3 * q), year.From.AddMonths(3 * q + 3).AddDays(-1));
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var chunk in accounts.Chunk(200))
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = "bench-seed";
            var sales = (await session.LoadManyAsync<AccountSales>(chunk)).ToDictionary(s => s.Id);
            foreach (var (account, i) in chunk.Select((a, i) => (a, i)))
            {
                var currency = sales.TryGetValue(account, out var s) ? s.Currency : "EUR";
                Money M(decimal amount) => new(amount, currency);
                var budget = Guid.NewGuid();
                var lines = Enumerable.Range(0, 4).Select(q => new BudgetLine(Quarter(q), 250_000m + 10_000m * (i % 7))).ToList();
                session.Events.StartStream<RevenueBudget>(budget,
                    new RevenueBudgetSet(account, budget, year, currency, null, lines, lines.Sum(l => l.Amount), null, year.From, at, "bench-seed"));
                foreach (var q in new[] { 0, 1 })
                {
                    var actual = Guid.NewGuid();
                    session.Events.StartStream<RevenueActual>(actual, new RevenueActualRecorded(account, actual, Quarter(q), null, M(240_000m + 1_000m * i),
                        null, M(240_000m + 1_000m * i), "bench", null, Quarter(q).To, at, "bench-seed"));
                }

                foreach (var (stage, close) in new[] { (OpportunityStage.Propose, "won"), (OpportunityStage.Negotiate, "lost"), (OpportunityStage.Qualify, "open") })
                {
                    var opportunity = Guid.NewGuid();
                    var opened = new OpportunityOpened(account, opportunity, $"Bench {close}", M(100_000m), year.To, ["Service"], "bench@example.com", [], "bench",
                        stage, year.From, at, "bench-seed");
                    object[] history = close switch
                    {
                        "won" => [opened, new OpportunityWon(account, opportunity, M(95_000m), [], null, Quarter(1).To, at, "bench-seed")],
                        "lost" => [opened, new OpportunityLost(account, opportunity, "Price", "Acme", null, Quarter(1).To, at, "bench-seed")],
                        _ => [opened],
                    };
                    session.Events.StartStream<Opportunity>(opportunity, history);
                    events += history.Length;
                }

                events += 3;
            }

            await session.SaveChangesAsync();
        }

        return (events, sw.Elapsed.TotalSeconds);
    }

    private async Task MeasureSalesResultsAsync()
    {
        await SettleAsync();
        Phase($"sales: GET results of one account and of the {_data.Accounts.Count:N0}-account portfolio per tier vs GET account status (1 client, {options.ReadPhase.TotalSeconds} s each)");
        var random = new Random(15);
        Operation Get(Func<string> path) => async (_, cancellation) =>
        {
            using var response = await _http.GetAsync(new Uri(path(), UriKind.Relative), cancellation);
            return response.StatusCode == HttpStatusCode.OK;
        };
        Guid Any() => _data.Accounts[random.Next(_data.Accounts.Count)];
        var status = Get(() => $"/api/accounts/{Any()}");
        var account = Get(() => $"/api/accounts/{Any()}/results?{YearQuery}");
        var portfolio = Get(() => $"/api/results?by=Tier&{YearQuery}");

        foreach (var (name, operation) in new[] { ("status", status), ("account results", account), ("portfolio results", portfolio) })
        {
            await Load.RunAsync($"warm-up {name}", 1, Limit.Count(20), operation);
        }

        var statusRead = await Load.RunAsync("service GET account status x1", 1, Limit.For(options.ReadPhase), status);
        var accountRead = await Load.RunAsync("service GET account results x1", 1, Limit.For(options.ReadPhase), account);
        var portfolioRead = await Load.RunAsync($"service GET portfolio results ({_data.Accounts.Count} accounts) x1", 1, Limit.For(options.ReadPhase), portfolio);
        SalesRow("sales_account", "g. Results of one account (GET results vs GET account status, 1 client)", accountRead, statusRead, "report (no replay: one document)");
        SalesRow("sales_portfolio", $"g. Results of a {_data.Accounts.Count:N0}-account portfolio per tier (GET results?by=Tier vs GET account status, 1 client)",
            portfolioRead, statusRead, "report (one indexed read of the period's results rows)");
    }

    private void SalesRow(string key, string title, LoadResult service, LoadResult status, string target) =>
        _report.Add(new Row(key, title)
        {
            Service = Report.Ops(service),
            Baseline = Report.Ops(status),
            Ratio = service.PerSecond / status.PerSecond,
            Target = target,
            Met = service.Errors == 0 ? null : false,
            Detail = new { service = service.ToJson(), statusRead = status.ToJson(), ratio = "results/s over status reads/s" },
        });

    private static string Describe((int Events, double Seconds) sales) =>
        string.Create(CultureInfo.InvariantCulture, $"sales: {sales.Events:N0} events (a budget, two actuals, three opportunities per account) in {sales.Seconds:0.0} s");
}
