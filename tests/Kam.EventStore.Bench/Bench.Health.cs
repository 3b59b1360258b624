using System.Diagnostics;
using System.Globalization;
using System.Net;
using Kam.EventStore.Commitments;
using Kam.EventStore.Domain;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Marten;

namespace Kam.EventStore.Bench;

/// <summary>
/// The health area's reads (issue 17): the health of one account now and as of mid-history (a business date a year back),
/// its 90-day history, and the portfolio review of one KAM holding every seeded account, each next to the current account
/// status read in the same run, one client each. Seeded with the service's own store: every account gets a KAM, three
/// stakeholders (one per organisation level), two links, two interactions and two commitments (one kept, one open and overdue),
/// so every relationship, contact and commitment signal has something to measure; the sales seed gives the budget signals theirs.
/// </summary>
public sealed partial class Bench
{
    /// <summary>The KAM of every seeded account: the portfolio review reads all of them.</summary>
    private const string BenchKam = "bench.kam@example.com";

    private static async Task<(int Events, double Seconds)> SeedHealthAsync(DocumentStore store, IReadOnlyList<Guid> accounts)
    {
        var sw = Stopwatch.StartNew();
        var events = 0;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        DateTimeOffset Start(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var chunk in accounts.Chunk(200))
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = "bench-seed";
            foreach (var (account, i) in chunk.Select((a, i) => (a, i)))
            {
                var since = today.AddDays(-300);
                var people = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
                var roles = new List<object>
                {
                    new AccountManagerAssigned(account, BenchKam, since, null, Start(since), "bench-seed"),
                };
                foreach (var (stakeholder, level) in people.Zip(Enum.GetValues<OrganisationLevel>()))
                {
                    roles.Add(new StakeholderAdded(account, stakeholder, new StakeholderProfile($"Stakeholder {i}", "Manager", "Operations", level,
                        level == OrganisationLevel.Executive ? BuyingRole.DecisionMaker : BuyingRole.Influencer, Stance.Neutral, null, null), since, Start(since), "bench-seed"));
                }

                roles.Add(new RelationshipLinkEstablished(account, BenchKam, people[0], i % 2 == 0 ? LinkStrength.Strong : LinkStrength.Medium, since, Start(since), "bench-seed"));
                roles.Add(new RelationshipLinkEstablished(account, "bench.specialist@example.com", people[2], LinkStrength.Medium, since, Start(since), "bench-seed"));
                session.Events.Append(account, [.. roles]);
                events += roles.Count;

                foreach (var daysAgo in new[] { 100, 10 + i % 60 })
                {
                    var interaction = Guid.NewGuid();
                    session.Events.StartStream<Interaction>(interaction, new InteractionRecorded(interaction, account,
                        new InteractionDetails(InteractionKind.Meeting, InteractionChannel.InPerson, 60, "Review", "Quarterly review", [BenchKam],
                            [new StakeholderParticipant(people[0], $"Stakeholder {i}", OrganisationLevel.Executive)], [], [], []),
                        at.AddDays(-daysAgo), "bench-seed"));
                    events++;
                }

                foreach (var (due, kept) in new[] { (today.AddDays(-60), true), (today.AddDays(-5 - i % 30), false) })
                {
                    var commitment = Guid.NewGuid();
                    var madeOn = due.AddDays(-30);
                    var made = new CommitmentMade(account, commitment, BenchKam, [people[0]], null, CommitmentKind.DeliveryDate, "Bench delivery", null, null, madeOn,
                        due, BenchKam, new AuthorityCheck(BenchKam, madeOn, madeOn, null, null, true, true, null, []), Start(madeOn), "bench-seed");
                    object[] history = kept ? [made, new CommitmentFulfilled(account, commitment, due.AddDays(-2), "Delivered", Start(due.AddDays(-2)), "bench-seed")] : [made];
                    session.Events.StartStream<Commitment>(commitment, history);
                    events += history.Length;
                }
            }

            await session.SaveChangesAsync();
        }

        return (events, sw.Elapsed.TotalSeconds);
    }

    private async Task MeasureHealthAsync()
    {
        await SettleAsync();
        var rows = await ScalarAsync<long>("select count(*) from mt_doc_accounthealthrow");
        Phase($"health: GET health of one account now and as of a year back, its 90-day history, and a {_data.Accounts.Count:N0}-account portfolio review vs GET account status (1 client, {options.ReadPhase.TotalSeconds} s each)");
        var random = new Random(17);
        var yearBack = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Operation Get(Func<string> path) => async (_, cancellation) =>
        {
            using var response = await _http.GetAsync(new Uri(path(), UriKind.Relative), cancellation);
            return response.StatusCode == HttpStatusCode.OK;
        };
        Guid Any() => _data.Accounts[random.Next(_data.Accounts.Count)];
        var status = Get(() => $"/api/accounts/{Any()}");
        var now = Get(() => $"/api/accounts/{Any()}/health");
        var past = Get(() => $"/api/accounts/{Any()}/health?on={yearBack}");
        var history = Get(() => $"/api/accounts/{Any()}/health/history?days=90");
        var portfolio = Get(() => $"/api/portfolio-reviews?kam={BenchKam}");

        foreach (var (name, operation) in new[] { ("status", status), ("health", now), ("health then", past), ("history", history), ("portfolio", portfolio) })
        {
            await Load.RunAsync($"warm-up {name}", 1, Limit.Count(5), operation);
        }

        var statusRead = await Load.RunAsync("service GET account status x1", 1, Limit.For(options.ReadPhase), status);
        var nowRead = await Load.RunAsync("service GET account health x1", 1, Limit.For(options.ReadPhase), now);
        var pastRead = await Load.RunAsync("service GET account health a year back x1", 1, Limit.For(options.ReadPhase), past);
        var historyRead = await Load.RunAsync("service GET 90-day health history x1", 1, Limit.For(options.ReadPhase), history);
        var portfolioRead = await Load.RunAsync($"service GET portfolio review ({_data.Accounts.Count} accounts) x1", 1, Limit.For(options.ReadPhase), portfolio);
        HealthRow("health_now", "h. Health of one account now (GET health vs GET account status, 1 client)", nowRead, statusRead,
            "report (the whole-account view from its tip checkpoint, scored)");
        HealthRow("health_then", "h. Health of one account a year back (GET health?on= vs GET account status, 1 client)", pastRead, statusRead,
            "report (the nearest checkpoint of that date plus the events after it)");
        HealthRow("health_history", "h. 90-day health history of one account (GET health/history?days=90 vs GET account status, 1 client)", historyRead, statusRead,
            "report (one checkpoint, folded forward a day at a time)");
        HealthRow("health_portfolio", $"h. Portfolio review of a KAM with {_data.Accounts.Count:N0} accounts (GET portfolio-reviews vs GET account status, 1 client)",
            portfolioRead, statusRead, "report (every account's view from its tip checkpoint, scored)");
        _report.Add(new Row("health_rows", "h. Health rows (band schedules) the daemon keeps for lists (informational)")
        {
            Service = string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows"),
            Target = "(informational)",
            Detail = new { rows },
        });
    }

    private void HealthRow(string key, string title, LoadResult service, LoadResult status, string target) =>
        _report.Add(new Row(key, title)
        {
            Service = Report.Ops(service),
            Baseline = Report.Ops(status),
            Ratio = service.PerSecond / status.PerSecond,
            Target = target,
            Met = service.Errors == 0 ? null : false,
            Detail = new { service = service.ToJson(), statusRead = status.ToJson(), ratio = "health reads/s over status reads/s" },
        });

    private static string DescribeHealth((int Events, double Seconds) health) =>
        string.Create(CultureInfo.InvariantCulture, $"health: {health.Events:N0} events (a KAM, three stakeholders, two links, two interactions, two commitments per account) in {health.Seconds:0.0} s");
}
