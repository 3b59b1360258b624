using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;

namespace Kam.EventStore.Dashboard;

/// <summary>
/// One write of the demo portfolio: who sends what to which route, and when it is recorded (the demo's clock is moved there
/// first, so recorded time runs through the two years as it would have). <paramref name="Label"/> names the answer for a
/// later route that needs an id the service chose (<c>{answer:label:field}</c>).
/// </summary>
public sealed record DemoWrite(DateTimeOffset At, string Caller, string Role, string Route, JsonObject Body, string? Label = null);

/// <summary>
/// A realistic, deterministic key-account portfolio over the last two years: people with authority, accounts across tiers,
/// their KAMs and teams, stakeholders who join, change and leave, links that strengthen, regular interactions, commitments
/// kept, broken, withdrawn, rejected, approved, amended and overdue, handovers with inherited promises, competitors, notes,
/// status changes. The same <c>accounts</c> and the same day give the same writes (Bogus with a fixed seed).
/// </summary>
public static class DemoPortfolio
{
    public const string Director = "sanna.makinen@demo.example";
    public const string Admin = "admin@demo.example";

    private static readonly string[] Segments =
        ["Pulp and paper", "Steel", "Food and beverage", "Energy", "Chemicals", "Logistics", "Retail", "Construction", "Telecom", "Healthcare"];

    private static readonly string[] Subjects =
        ["Quarterly business review", "Price review", "Delivery issues", "New product line", "Framework agreement renewal", "Site visit",
         "Service level follow-up", "Innovation workshop", "Invoice dispute", "Volume forecast", "Sustainability reporting", "Executive dinner"];

    private static readonly string[] Criteria = ["Revenue potential over 1 MEUR", "Strategic fit", "Reference customer", "Long-term partnership"];

    private static readonly string[] DirectorKinds =
        ["DeliveryDate", "PriceOrDiscount", "ServiceLevel", "FeatureOrRoadmap", "Resource", "InformationOrFollowUp", "Other"];

    private static readonly string[] KamKinds = ["DeliveryDate", "PriceOrDiscount", "ServiceLevel", "Resource", "InformationOrFollowUp"];

    private static readonly string[] Topics = ["Pricing", "Logistics", "Quality", "Roadmap", "Contract", "Sustainability", "Volumes", "Service"];

    private sealed record Colleague(string Id, string Name, string Title, string Seniority, string? Manager);

    private sealed record Stakeholder(Guid Id, string Name, string Level, string BuyingRole);

    public static IReadOnlyList<DemoWrite> Plan(int accounts, DateTimeOffset now)
    {
        Randomizer.Seed = new Random(20_27 + accounts);
        var faker = new Faker("en");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var start = BusinessTime.StartOf(today.AddDays(-730)).AddHours(8);
        var writes = new List<DemoWrite>();
        string On(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Guid NewId() => new(faker.Random.Bytes(16));
        void Add(DateTimeOffset at, string caller, string role, string route, JsonObject body, string? label = null)
        {
            // A fact the two years have not reached yet is not part of the history.
            if (at <= now)
            {
                writes.Add(new DemoWrite(at, caller, role, route, body, label));
            }
        }

        // Our people: a sales director, key account managers under them and specialists for the account teams.
        var director = new Colleague(Director, "Sanna Mäkinen", "Sales Director", "Director", null);
        var kams = Enumerable.Range(0, Math.Clamp(accounts / 4 + 2, 3, 40)).Select(n => Person(faker, n, "Key Account Manager", "Senior", Director)).ToList();
        var specialists = Enumerable.Range(100, Math.Clamp(accounts / 6 + 2, 2, 30))
            .Select(n => Person(faker, n, faker.PickRandom("Service Manager", "Technical Specialist", "Delivery Manager"), "Specialist", Director)).ToList();
        foreach (var person in new[] { director }.Concat(kams).Concat(specialists))
        {
            Add(start.AddDays(-30), Admin, Roles.Admin, "/api/people", new JsonObject
            {
                ["personId"] = person.Id, ["name"] = person.Name, ["title"] = person.Title, ["orgUnit"] = "Key Accounts", ["seniority"] = person.Seniority,
                ["managerPersonId"] = person.Manager, ["occurredAt"] = Iso(start.AddDays(-30)),
            });
        }

        foreach (var person in new[] { director }.Concat(kams))
        {
            var isDirector = person == director;
            Add(start.AddDays(-29), Admin, Roles.Admin, $"/api/people/{person.Id}/authority-grants", new JsonObject
            {
                ["effectiveFrom"] = On(start.AddDays(-29)),
                ["maxCommitmentValues"] = new JsonArray(new JsonObject { ["amount"] = isDirector ? 2_000_000 : 50_000, ["currency"] = "EUR" }),
                ["maxDiscountPercent"] = isDirector ? 30 : 8,
                ["commitmentKinds"] = new JsonArray([.. (isDirector ? DirectorKinds : KamKinds).Select(k => (JsonNode?)k)]),
                ["approverPersonId"] = isDirector ? null : Director,
                ["reason"] = isDirector ? "Sales director's authority" : "Standard KAM authority",
            });
        }

        for (var i = 0; i < accounts; i++)
        {
            PlanAccount(faker, i, start, now, today, kams, specialists, NewId, Add, On, Iso);
        }

        // Recorded in the order it happened: the demo's clock only moves forward.
        return [.. writes.Select((w, order) => (w, order)).OrderBy(x => x.w.At).ThenBy(x => x.order).Select(x => x.w)];
    }

    private static Colleague Person(Faker faker, int number, string title, string seniority, string manager)
    {
        var first = faker.Name.FirstName();
        var last = faker.Name.LastName();
        // The number keeps ids unique however the names fall.
        var id = new string($"{first}.{last}".ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '.').ToArray())
            + number.ToString(CultureInfo.InvariantCulture) + "@demo.example";
        return new Colleague(id, $"{first} {last}", title, seniority, manager);
    }

    private static void PlanAccount(
        Faker faker, int index, DateTimeOffset start, DateTimeOffset now, DateOnly today, List<Colleague> kams, List<Colleague> specialists,
        Func<Guid> newId, Action<DateTimeOffset, string, string, string, JsonObject, string?> add, Func<DateTimeOffset, string> on, Func<DateTimeOffset, string> iso)
    {
        var accountId = newId();
        var route = $"/api/accounts/{accountId}";
        var designated = start.AddDays(faker.Random.Int(0, 150)).AddHours(faker.Random.Int(0, 8));
        var tier = faker.Random.WeightedRandom(["Strategic", "Key", "Development"], [0.2f, 0.5f, 0.3f]);
        var name = faker.Company.CompanyName().Replace(",", "", StringComparison.Ordinal) + " " + faker.PickRandom("Oy", "Oyj", "AB", "AS", "GmbH");
        var kam = kams[index % kams.Count];
        void Write(DateTimeOffset at, string caller, string role, string path, JsonObject body, string? label = null) => add(at, caller, role, path, body, label);

        Write(designated, Director, Roles.Writer, "/api/accounts", new JsonObject
        {
            ["accountId"] = accountId.ToString(), ["name"] = name, ["registryId"] = "FI" + (10_000_000 + (index * 7919) % 89_999_999).ToString(CultureInfo.InvariantCulture),
            ["segment"] = faker.PickRandom(Segments), ["tier"] = tier,
            ["criteriaMet"] = new JsonArray(faker.PickRandom(Criteria, 2).Select(c => (JsonNode?)c).ToArray()),
            ["designatedOn"] = on(designated),
            ["revenueBudget"] = new JsonObject { ["amount"] = faker.Random.Int(2, 60) * 50_000, ["currency"] = "EUR" },
        });
        Write(designated.AddHours(1), Director, Roles.Writer, route + "/account-manager/assignments",
            new JsonObject { ["personId"] = kam.Id, ["effectiveOn"] = on(designated), ["note"] = "Assigned at designation." });

        // The customer's people: a decision maker, influencers, users; some accounts leave a level uncovered.
        var levels = new[] { ("Executive", "DecisionMaker"), ("Management", "Influencer"), ("Management", "DecisionMaker"), ("Operational", "User"), ("Operational", "Champion"), ("Management", "Gatekeeper") };
        var stakeholders = new List<Stakeholder>();
        var count = faker.Random.Int(3, 6);
        for (var s = 0; s < count; s++)
        {
            var (level, buying) = levels[s];
            var person = new Stakeholder(newId(), faker.Name.FullName(), level, buying);
            stakeholders.Add(person);
            var joined = designated.AddDays(faker.Random.Int(1, 40));
            Write(joined, kam.Id, Roles.Writer, route + "/stakeholders", new JsonObject
            {
                ["stakeholderId"] = person.Id.ToString(), ["name"] = person.Name, ["title"] = faker.Name.JobTitle(), ["department"] = faker.Commerce.Department(),
                ["level"] = level, ["buyingRole"] = buying, ["stance"] = faker.PickRandom("Supportive", "Neutral", "Neutral", "Opposed"),
                ["email"] = $"contact{index}.{s}@customer.example", ["effectiveOn"] = on(joined),
            });
            if (s < 3 && (s != 0 || index % 3 != 0))
            {
                var linked = joined.AddHours(2);
                Write(linked, kam.Id, Roles.Writer, route + "/links",
                    new JsonObject { ["personId"] = kam.Id, ["stakeholderId"] = person.Id.ToString(), ["strength"] = faker.PickRandom("Weak", "Medium"), ["effectiveOn"] = on(linked) });
                if (faker.Random.Bool(0.6f))
                {
                    var stronger = linked.AddDays(faker.Random.Int(60, 300));
                    Write(stronger, kam.Id, Roles.Writer, $"{route}/links/{kam.Id}/{person.Id}/strength-changes",
                        new JsonObject { ["strength"] = "Strong", ["effectiveOn"] = on(stronger) });
                }
            }
        }

        if (faker.Random.Bool(0.6f))
        {
            var specialist = specialists[index % specialists.Count];
            var joined = designated.AddDays(faker.Random.Int(10, 90));
            Write(joined, kam.Id, Roles.Writer, route + "/team/members",
                new JsonObject { ["personId"] = specialist.Id, ["role"] = faker.PickRandom("Specialist", "ServiceManager", "TechnicalLead", "DeliveryManager"), ["effectiveOn"] = on(joined) });
        }

        Write(designated.AddDays(2), kam.Id, Roles.Writer, route + "/account-manager/role-terms",
            new JsonObject { ["role"] = faker.PickRandom("Expert", "Managerial"), ["managerPersonId"] = Director, ["salesSharePercent"] = faker.Random.Int(4, 8) * 10, ["effectiveOn"] = on(designated.AddDays(2)) });

        // A handover in every third account, half way through its history.
        var handover = index % 3 == 1 ? designated.AddDays(faker.Random.Int(250, 450)) : (DateTimeOffset?)null;
        var successor = kams[(index + 1) % kams.Count];
        string KamOn(DateTimeOffset at) => handover is { } h && at >= h ? successor.Id : kam.Id;

        // Interactions every few weeks, once the stakeholders are known; some accounts have gone quiet lately. The last
        // stakeholder of a larger account leaves the customer after a year or so, and is not met after that.
        var quietFrom = index % 5 == 4 ? now.AddDays(-faker.Random.Int(100, 160)) : now;
        var leaves = stakeholders.Count > 3 ? designated.AddDays(faker.Random.Int(420, 560)) : DateTimeOffset.MaxValue;
        var interactions = new List<(Guid Id, DateTimeOffset At)>();
        for (var at = designated.AddDays(42 + faker.Random.Int(0, 20)); at < quietFrom.AddDays(-2); at = at.AddDays(faker.Random.Int(14, 45)))
        {
            var happened = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).AddHours(faker.Random.Int(8, 16));
            var present = stakeholders.Where(s => s != stakeholders[^1] || happened < leaves.AddDays(-1)).ToList();
            var met = faker.PickRandom(present, faker.Random.Int(1, Math.Min(2, present.Count))).ToList();
            var id = newId();
            interactions.Add((id, happened));
            var subject = faker.PickRandom(Subjects);
            Write(happened.AddHours(faker.Random.Int(1, 6)), KamOn(happened), Roles.Writer, route + "/interactions", new JsonObject
            {
                ["interactionId"] = id.ToString(), ["kind"] = faker.PickRandom("Meeting", "Call", "Visit", "Workshop", "Review", "Negotiation"),
                ["channel"] = faker.PickRandom("InPerson", "Video", "Phone"), ["happenedAt"] = iso(happened), ["durationMinutes"] = faker.Random.Int(2, 12) * 15,
                ["subject"] = subject, ["summary"] = $"{subject}: {faker.Lorem.Sentence(12)}",
                ["ourParticipants"] = new JsonArray(KamOn(happened)),
                ["theirParticipants"] = new JsonArray([.. met.Select(s => (JsonNode?)s.Id.ToString())]),
                ["topics"] = new JsonArray([.. faker.PickRandom(Topics, 2).Select(t => (JsonNode?)t)]),
            });
        }

        // Commitments made in some of those meetings, each with its outcome.
        foreach (var (interactionId, happened) in interactions.Where((_, n) => n % 4 == 1))
        {
            var commitmentId = newId();
            var maker = KamOn(happened);
            var madeOn = DateOnly.FromDateTime(happened.UtcDateTime);
            var outcome = faker.Random.WeightedRandom(["fulfil", "fulfil", "break", "withdraw", "pending-approve", "pending-reject", "amend-fulfil"], [0.3f, 0.15f, 0.12f, 0.1f, 0.15f, 0.08f, 0.1f]);
            var pending = outcome.StartsWith("pending", StringComparison.Ordinal);
            var kind = pending ? "PriceOrDiscount" : faker.PickRandom("DeliveryDate", "ServiceLevel", "Resource", "InformationOrFollowUp");
            var due = madeOn.AddDays(faker.Random.Int(20, 90));
            var open = due > today.AddDays(-5) && !pending;
            var body = new JsonObject
            {
                ["commitmentId"] = commitmentId.ToString(), ["madeBy"] = maker, ["madeTo"] = new JsonArray(stakeholders[0].Id.ToString()),
                ["interactionId"] = interactionId.ToString(), ["kind"] = kind, ["occurredAt"] = iso(happened.AddMinutes(30)),
                ["description"] = kind switch
                {
                    "PriceOrDiscount" => $"{(pending ? faker.Random.Int(10, 20) : 5)}% discount on {faker.Commerce.ProductName()}",
                    "DeliveryDate" => $"Deliver {faker.Commerce.ProductName()} by {due:d MMMM}",
                    "ServiceLevel" => $"Response within {faker.Random.Int(2, 8)} hours to outages at the {faker.Address.City()} site",
                    "Resource" => $"{faker.Random.Int(1, 5)} days of on-site expert support",
                    _ => $"Send the {faker.PickRandom("audit report", "test results", "sustainability data", "volume forecast")}",
                },
            };
            if (kind == "PriceOrDiscount")
            {
                body["discountPercent"] = pending ? faker.Random.Int(10, 20) : 5;
            }
            else
            {
                body["dueOn"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            // Recorded after the meeting it was made in was.
            var made = happened.AddHours(faker.Random.Int(7, 20));
            Write(made, maker, Roles.Writer, $"{route}/commitments", body);
            var path = $"/api/commitments/{commitmentId}";
            var decided = made.AddDays(faker.Random.Int(1, 6));
            if (pending)
            {
                Write(decided, Director, Roles.Approver, path + (outcome == "pending-approve" ? "/approval" : "/rejection"),
                    outcome == "pending-approve" ? new JsonObject { ["note"] = "Volume justifies it." } : new JsonObject { ["reason"] = "Beyond the margin for this product." });
                continue;
            }

            var closing = BusinessTime.StartOf(due).AddHours(10).AddDays(-faker.Random.Int(0, 10));
            if (closing > now || open)
            {
                continue;
            }

            if (outcome == "amend-fulfil")
            {
                var moved = due.AddDays(14);
                Write(decided, maker, Roles.Writer, path + "/amendments", new JsonObject { ["dueOn"] = moved.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["reason"] = "The customer asked for two more weeks." });
                closing = BusinessTime.StartOf(moved).AddHours(10);
                outcome = "fulfil";
                if (closing > now)
                {
                    continue;
                }
            }

            var closer = KamOn(closing);
            var (verb, text) = outcome switch
            {
                "fulfil" => ("/fulfilment", new JsonObject { ["evidence"] = $"Delivery note DN-{faker.Random.Int(1000, 9999)}", ["fulfilledOn"] = on(closing) }),
                "break" => ("/breach", new JsonObject { ["reason"] = "Could not be done in time.", ["customerInformed"] = true, ["brokenOn"] = on(closing) }),
                _ => ("/withdrawal", new JsonObject { ["reason"] = "The customer no longer needs it.", ["agreedWithCustomer"] = true, ["withdrawnOn"] = on(closing) }),
            };
            Write(closing.AddHours(3), closer, Roles.Writer, path + verb, text);
        }

        if (handover is { } at2 && at2 < now.AddDays(-10))
        {
            Write(at2, Director, Roles.Writer, route + "/account-manager/handovers", new JsonObject
            {
                ["toPersonId"] = successor.Id, ["effectiveOn"] = on(at2),
                ["handoverNote"] = "Open matters: the framework renewal and the service level promises; the procurement head prefers e-mail.",
            });
        }

        // Late news, recorded at the end: a promise made weeks ago and not kept by its due date (overdue), and a fresh
        // discount waiting for approval.
        if (index % 3 == 0)
        {
            var madeAgo = now.AddDays(-faker.Random.Int(40, 60));
            Write(now.AddMinutes(-30), KamOn(now), Roles.Writer, $"{route}/commitments", new JsonObject
            {
                ["commitmentId"] = newId().ToString(), ["madeBy"] = KamOn(now), ["madeTo"] = new JsonArray(stakeholders[0].Id.ToString()),
                ["kind"] = "InformationOrFollowUp", ["description"] = "Send the updated product safety data sheets", ["madeOn"] = on(madeAgo),
                ["dueOn"] = on(madeAgo.AddDays(faker.Random.Int(10, 25))),
            });
        }

        if (index % 4 == 2)
        {
            Write(now.AddMinutes(-20), KamOn(now), Roles.Writer, $"{route}/commitments", new JsonObject
            {
                ["commitmentId"] = newId().ToString(), ["madeBy"] = KamOn(now), ["madeTo"] = new JsonArray(stakeholders[0].Id.ToString()),
                ["kind"] = "PriceOrDiscount", ["description"] = "12% volume discount for next year", ["discountPercent"] = 12, ["madeOn"] = on(now.AddDays(-2)),
            });
        }

        // Changes on the customer's side: a promotion, a departure.
        if (stakeholders.Count > 3)
        {
            var promoted = designated.AddDays(faker.Random.Int(200, 400));
            Write(promoted, KamOn(promoted), Roles.Writer, $"{route}/stakeholders/{stakeholders[1].Id}/changes",
                new JsonObject { ["title"] = "Director, " + faker.Commerce.Department(), ["level"] = "Executive", ["reason"] = "Promoted.", ["effectiveOn"] = on(promoted) });
            var left = leaves;
            Write(left, KamOn(left), Roles.Writer, $"{route}/stakeholders/{stakeholders[^1].Id}/departure",
                new JsonObject { ["reason"] = "Moved to another company.", ["effectiveOn"] = on(left) });
        }

        if (index % 4 == 3)
        {
            var noted = designated.AddDays(faker.Random.Int(60, 200));
            Write(noted, KamOn(noted), Roles.Writer, route + "/competitors", new JsonObject
            {
                ["name"] = faker.Company.CompanyName() + " AB", ["where"] = faker.Commerce.Department() + " purchasing", ["effectiveOn"] = on(noted),
            }, $"competitor-{index}");
            var gone = noted.AddDays(faker.Random.Int(90, 200));
            Write(gone, KamOn(gone), Roles.Writer, $"{route}/competitors/{{answer:competitor-{index}:competitorId}}/departure",
                new JsonObject { ["reason"] = "We won the tender.", ["effectiveOn"] = on(gone) });
        }

        if (index % 5 == 4)
        {
            var worried = quietFrom.AddDays(30);
            Write(worried, Director, Roles.Writer, route + "/status-changes",
                new JsonObject { ["status"] = index % 10 == 4 ? "Dormant" : "AtRisk", ["reason"] = "No contact for weeks; a competitor is courting them.", ["occurredAt"] = iso(worried) });
        }
        else if (index % 7 == 5)
        {
            var upgraded = designated.AddDays(faker.Random.Int(300, 500));
            Write(upgraded, Director, Roles.Writer, route + "/reclassifications",
                new JsonObject { ["tier"] = tier == "Strategic" ? "Key" : "Strategic", ["reason"] = "Annual portfolio review.", ["occurredAt"] = iso(upgraded) });
        }

        if (interactions.Count > 3)
        {
            var (_, learned) = interactions[2];
            Write(learned.AddDays(1), KamOn(learned), Roles.Writer, route + "/notes", new JsonObject
            {
                ["text"] = $"{stakeholders[0].Name} decides on price but asks operations first; prefers short meetings.", ["tags"] = new JsonArray("decision-making"),
                ["authorPersonId"] = KamOn(learned), ["stakeholderIds"] = new JsonArray(stakeholders[0].Id.ToString()), ["occurredAt"] = iso(learned.AddDays(1)),
            });
        }

    }
}
