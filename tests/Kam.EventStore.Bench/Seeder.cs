using System.Diagnostics;
using System.Globalization;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Domain;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Marten;

namespace Kam.EventStore.Bench;

/// <summary>The accounts a run seeded, and the two whose history lengths the paging checks compare.</summary>
public sealed record SeededData(
    IReadOnlyList<Guid> Accounts, Guid BigAccount, int BigAccountEvents, Guid ReferenceAccount, int ReferenceAccountEvents,
    long Events, double Seconds)
{
    /// <summary>Accounts that have commitments (the register reads use them).</summary>
    public IReadOnlyList<Guid> AccountsWithCommitments { get; init; } = [];

    /// <summary>Interactions and commitments seeded on their own streams (their events are counted in <see cref="Events"/>).</summary>
    public int Interactions { get; init; }

    public int Commitments { get; init; }

    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;
}

/// <summary>
/// Plausible key-account histories: a designation, then renames, status changes, reclassifications and
/// corrections with business times spread over the last two years. Deterministic for a given seed.
/// </summary>
public sealed class HistoryGenerator(int seed, DateTimeOffset now)
{
    private static readonly string[] Prefixes =
        ["Nordic", "Baltic", "Alpine", "Atlantic", "Northern", "Lakeside", "Polar", "Coastal", "Central", "Eastern", "Western", "Highland", "Fjord", "Boreal", "Danube", "Rhine"];
    private static readonly string[] Cores =
        ["Paper", "Board", "Steel", "Logistics", "Foods", "Pharma", "Energy", "Timber", "Chemicals", "Textiles", "Machinery", "Retail", "Telecom", "Packaging", "Marine", "Systems"];
    private static readonly string[] Suffixes = ["Oy", "AB", "AS", "GmbH", "Ltd", "SA", "BV", "Oyj", "ApS", "plc"];
    private static readonly string[] Countries = ["FI", "SE", "NO", "DK", "DE", "NL", "EE", "PL"];
    private static readonly string[] Segments =
        ["Pulp and paper", "Steel and metals", "Food and beverage", "Pharmaceuticals", "Energy and utilities", "Retail", "Telecommunications", "Logistics", "Chemicals", "Industrial machinery"];
    private static readonly string[] Criteria =
        ["Revenue potential over 1 MEUR", "Strategic fit", "Reference customer", "Multi-country presence", "Long-term framework agreement", "Growth market access"];
    private static readonly string[] Currencies = ["EUR", "EUR", "EUR", "SEK", "NOK", "DKK", "USD"];
    private static readonly string[] Users = ["anna.korhonen", "lars.nilsson", "mette.jensen", "ola.hansen", "sofia.virtanen", "jan.de.vries", "kam-import"];
    private static readonly string[] StatusReasons =
        ["Competitor won the framework tender", "Champion left the customer", "Quarterly business review went well", "No orders in two quarters",
         "New frame agreement signed", "Escalated quality complaint", "Complaint resolved, volumes back", "Budget freeze at the customer"];
    private static readonly string[] TierReasons =
        ["Annual portfolio review", "Revenue grew past the strategic threshold", "Share of wallet fell", "Board decision on focus accounts", "Merged business units"];
    private static readonly string[] RenameReasons = ["Rebranding", "Merger", "Change of legal form", "Acquired by a group", null!];
    private static readonly string[] CorrectionReasons =
        ["Typo in the original record", "Wrong segment chosen at designation", "Budget entered in the wrong currency", "Criteria updated from the CRM export", "Date taken from the wrong document"];

    private readonly Random _random = new(seed);

    public static Guid IdFor(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian layout of Guid(ReadOnlySpan<byte>))
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    /// <summary>One account's history: its designation first, then <paramref name="count"/> - 1 changes.</summary>
    public (Guid Id, List<IAccountEvent> Events) History(int index, int count)
    {
        var r = _random;
        var id = IdFor(r);
        var designatedAt = now.AddDays(-r.Next(400, 730)).AddMinutes(-r.Next(0, 24 * 60));
        var name = $"{Pick(Prefixes)} {Pick(Cores)} {Pick(Suffixes)}";
        var registryId = $"{Pick(Countries)}{20_000_000 + index:D8}";
        var tier = (AccountTier)r.Next(3);
        var status = AccountHealth.Active;
        var currency = Pick(Currencies);
        var events = new List<IAccountEvent>(count)
        {
            new KeyAccountDesignated(id, name, registryId, Pick(Segments), tier,
                Criteria.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).ToArray(), DateOnly.FromDateTime(designatedAt.UtcDateTime),
                new Money(r.Next(20, 2_000) * 10_000m, currency), designatedAt, Pick(Users)),
        };

        // Business times spread from the designation to a day ago, always moving forward.
        var span = (now.AddDays(-1) - designatedAt).Ticks;
        var step = Math.Max(1, span / Math.Max(1, count));
        var at = designatedAt;
        for (var i = 1; i < count; i++)
        {
            at = at.AddTicks((long)(step * (0.5 + r.NextDouble())));
            var by = Pick(Users);
            var roll = r.NextDouble();
            if (roll < 0.45)
            {
                var next = (AccountHealth)(((int)status + 1 + r.Next(2)) % 3);
                events.Add(new AccountStatusChanged(id, status, next, Pick(StatusReasons), at, by));
                status = next;
            }
            else if (roll < 0.70)
            {
                var next = (AccountTier)(((int)tier + 1 + r.Next(2)) % 3);
                events.Add(new KeyAccountReclassified(id, tier, next, Pick(TierReasons), at, by));
                tier = next;
            }
            else if (roll < 0.85)
            {
                var next = r.Next(3) switch
                {
                    0 => $"{Pick(Prefixes)} {Pick(Cores)} {Pick(Suffixes)}",
                    1 => $"{name.Split(' ')[0]} {name.Split(' ')[1]} Group {Pick(Suffixes)}",
                    _ => $"{Pick(Prefixes)} {name.Split(' ')[1]} {Pick(Suffixes)}",
                };
                if (next == name)
                {
                    next += " Holding";
                }

                events.Add(new KeyAccountRenamed(id, name, next, Pick(RenameReasons), at, by));
                name = next;
            }
            else
            {
                events.Add(r.Next(4) switch
                {
                    0 => new AccountDetailsCorrected(id, null, null, Pick(Segments), null, null, null, Pick(CorrectionReasons), at, by),
                    1 => new AccountDetailsCorrected(id, null, null, null, null, null,
                        new Money(r.Next(20, 2_000) * 10_000m, currency), Pick(CorrectionReasons), at, by),
                    2 => new AccountDetailsCorrected(id, null, null, null,
                        Criteria.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).ToArray(), null, null, Pick(CorrectionReasons), at, by),
                    // Same registry id, formatted as the registry prints it: normalises to the same unique key.
                    _ => new AccountDetailsCorrected(id, null, registryId[..^1] + "-" + registryId[^1], null, null, null, null,
                        "Registry id formatted as in the trade register", at, by),
                });
            }
        }

        return (id, events);
    }

    /// <summary>Splits <paramref name="total"/> events over <paramref name="accounts"/> accounts, the first getting exactly <paramref name="first"/>.</summary>
    public int[] Distribute(int accounts, int total, int first)
    {
        var counts = new int[accounts];
        counts[0] = Math.Min(first, total - (accounts - 1));
        var remaining = total - counts[0];
        var weights = Enumerable.Range(1, accounts - 1).Select(_ => 0.2 + 1.6 * _random.NextDouble()).ToArray();
        var sum = weights.Sum();
        for (var i = 1; i < accounts; i++)
        {
            counts[i] = Math.Max(1, (int)(remaining * weights[i - 1] / sum));
        }

        var diff = total - counts.Sum();
        for (var i = 1; diff != 0; i = i % (accounts - 1) + 1)
        {
            if (diff > 0)
            {
                counts[i]++;
                diff--;
            }
            else if (counts[i] > 1)
            {
                counts[i]--;
                diff++;
            }
        }

        return counts;
    }

    private static readonly string[] Subjects =
        ["Quarterly business review", "Price negotiation 2027", "Delivery problems in week 12", "New product line", "Framework renewal",
         "Site visit at the mill", "Escalation call", "Sustainability report", "Logistics workshop", "Dinner with the board"];
    private static readonly string[] Promises =
        ["Delivery by week 12", "Price held for 2027", "Dedicated service engineer", "Quarterly stock report", "Training for operators"];

    /// <summary>
    /// Contact and promises on an account: a few interactions over the last 120 days (with stakeholders at every level) and a
    /// few commitments, some already kept. Streams of their own, as the service records them.
    /// </summary>
    public (List<(Guid Id, InteractionRecorded Recorded)> Interactions, List<(Guid Id, List<object> Events)> Commitments) ContactAndPromises(Guid account)
    {
        var r = _random;
        var stakeholders = Enumerable.Range(0, 4).Select(_ => IdFor(r)).ToArray();
        var interactions = new List<(Guid, InteractionRecorded)>();
        for (var i = r.Next(1, 9); i > 0; i--)
        {
            var id = IdFor(r);
            var at = now.AddDays(-r.Next(1, 120)).AddMinutes(-r.Next(0, 24 * 60));
            var met = stakeholders.Take(r.Next(1, 4)).Select((s, n) => new StakeholderParticipant(s, $"Stakeholder {n}", (OrganisationLevel)(n % 3))).ToArray();
            interactions.Add((id, new InteractionRecorded(id, account,
                new InteractionDetails((InteractionKind)r.Next(5), InteractionChannel.InPerson, 60, Pick(Subjects), "Discussed the next steps.",
                    [Pick(Users)], met, ["pricing"], [], []), at, Pick(Users))));
        }

        var commitments = new List<(Guid, List<object>)>();
        for (var c = r.Next(0, 6); c > 0; c--)
        {
            var id = IdFor(r);
            var by = Pick(Users);
            var made = DateOnly.FromDateTime(now.AddDays(-r.Next(10, 200)).UtcDateTime);
            var events = new List<object>
            {
                new CommitmentMade(account, id, by, [], null, CommitmentKind.DeliveryDate, Pick(Promises), null, null, made, made.AddDays(r.Next(20, 120)), by,
                    new AuthorityCheck(by, made, made, null, null, true, true, null, []), now.AddDays(-r.Next(200, 210)), by),
            };
            if (r.Next(3) == 0)
            {
                events.Add(new CommitmentFulfilled(account, id, made.AddDays(r.Next(5, 30)), "Delivered", now.AddDays(-r.Next(1, 10)), by));
            }

            commitments.Add((id, events));
        }

        return (interactions, commitments);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}

/// <summary>
/// Seeds through Marten with the service's own store configuration, many events per SaveChanges, so the inline
/// projections (KeyAccount snapshot, AccountStatus) are built exactly as the service builds them.
/// </summary>
public static class Seeder
{
    private const int EventsPerSave = 2_000;
    private const int BigAccountEventsPerSave = 1_000;
    public const int ReferenceAccountEvents = 100;

    public static async Task<SeededData> SeedAsync(IDocumentStore store, int accounts, int events, int bigAccountEvents, int seed)
    {
        if (accounts < 2 || events < accounts || bigAccountEvents < 2)
        {
            throw new ArgumentException("Need at least 2 accounts, one event per account and a big account of 2+ events.");
        }

        var now = DateTimeOffset.UtcNow;
        var generator = new HistoryGenerator(seed, now);
        var counts = generator.Distribute(accounts, events, ReferenceAccountEvents);
        var sw = Stopwatch.StartNew();

        // Generate first (deterministic, single-threaded), then write in batches with two sessions in parallel.
        var histories = new List<(Guid Id, List<IAccountEvent> Events)>(accounts);
        for (var i = 0; i < accounts; i++)
        {
            histories.Add(generator.History(i, counts[i]));
        }

        var batches = new List<List<(Guid Id, List<IAccountEvent> Events)>>();
        var current = new List<(Guid Id, List<IAccountEvent> Events)>();
        var pending = 0;
        foreach (var history in histories)
        {
            current.Add(history);
            pending += history.Events.Count;
            if (pending >= EventsPerSave)
            {
                batches.Add(current);
                current = [];
                pending = 0;
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        var written = 0L;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, token) =>
        {
            await using var session = Session(store);
            foreach (var (id, history) in batch)
            {
                session.Events.StartStream<KeyAccount>(id, history.Cast<object>().ToArray());
            }

            await session.SaveChangesAsync(token);
            var total = Interlocked.Add(ref written, batch.Sum(b => b.Events.Count));
            if (Interlocked.Increment(ref _progress) % 20 == 0)
            {
                Console.Error.WriteLine($"  seeded {total:N0} events");
            }
        });

        // The big account: one long stream, appended in chunks as a busy account's history grows.
        var (bigId, bigHistory) = generator.History(accounts, bigAccountEvents);
        for (var offset = 0; offset < bigHistory.Count; offset += BigAccountEventsPerSave)
        {
            await using var session = Session(store);
            var chunk = bigHistory.Skip(offset).Take(BigAccountEventsPerSave).Cast<object>().ToArray();
            if (offset == 0)
            {
                session.Events.StartStream<KeyAccount>(bigId, chunk);
            }
            else
            {
                // As the service appends (FetchForWriting): a bare Events.Append under Quick append leaves the inline
                // projections without the stream version (they stored Version 0 in an earlier version of this seeder).
                var stream = await session.Events.FetchForWriting<KeyAccount>(bigId);
                stream.AppendMany(chunk);
            }

            await session.SaveChangesAsync();
        }

        written += bigHistory.Count;

        // Contact and promises on every third account (not the reference and big accounts, whose event counts the paging
        // checks rely on), so the status, list and register reads show the activity and commitment figures as they would.
        var withCommitments = new List<Guid>();
        int interactionCount = 0, commitmentCount = 0;
        await using (var session = Session(store))
        {
            foreach (var (id, _) in histories.Skip(1).Where((_, i) => i % 3 == 0))
            {
                var (interactions, commitments) = generator.ContactAndPromises(id);
                foreach (var (interaction, recorded) in interactions)
                {
                    session.Events.StartStream<Interaction>(interaction, recorded);
                }

                foreach (var (commitment, promise) in commitments)
                {
                    session.Events.StartStream<Commitment>(commitment, [.. promise]);
                    written += promise.Count;
                }

                written += interactions.Count;
                interactionCount += interactions.Count;
                commitmentCount += commitments.Count;
                if (commitments.Count > 0)
                {
                    withCommitments.Add(id);
                }
            }

            await session.SaveChangesAsync();
        }

        sw.Stop();
        return new SeededData(histories.Select(h => h.Id).Append(bigId).ToList(), bigId, bigHistory.Count,
            histories[0].Id, histories[0].Events.Count, written, sw.Elapsed.TotalSeconds)
        {
            AccountsWithCommitments = withCommitments,
            Interactions = interactionCount,
            Commitments = commitmentCount,
        };
    }

    private static long _progress;

    private static IDocumentSession Session(IDocumentStore store)
    {
        var session = store.LightweightSession();
        session.CorrelationId = "bench-seed";
        session.LastModifiedBy = "bench-seed";
        return session;
    }

    public static string Describe(SeededData data) => string.Create(CultureInfo.InvariantCulture,
        $"{data.Accounts.Count:N0} accounts, {data.Events:N0} events ({data.Interactions:N0} interactions and {data.Commitments:N0} commitments on {data.AccountsWithCommitments.Count:N0} accounts among them) in {data.Seconds:0.0} s ({data.EventsPerSecond:N0} ev/s)");
}
