using Alba;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.Health;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.People;

namespace Kam.EventStore.Tests.Health;

/// <summary>"Given" helpers of health and reviews, and the year of an account whose health falls and recovers, told either way.</summary>
public static class HealthScenarios
{
    public static async Task<HealthScore> Health(this Scenarios given, Guid accountId, string query = "") =>
        (await given.App.Host.GetAsJson<HealthScore>($"/api/accounts/{accountId}/health{(query.Length > 0 ? "?" + query : "")}"))!;

    public static async Task<HealthHistory> HealthHistory(this Scenarios given, Guid accountId, string query) =>
        (await given.App.Host.GetAsJson<HealthHistory>($"/api/accounts/{accountId}/health/history?{query}"))!;

    /// <summary>Registers a formula version as an admin; returns its number.</summary>
    public static async Task<int> Formula(this Scenarios given, RegisterHealthFormula formula)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(formula).ToUrl("/api/health-formulas");
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<HealthFormulaVersionCreated>()).Version;
    }

    /// <summary>A formula that only looks at contact and commitments, with its own bands.</summary>
    public static RegisterHealthFormula ContactAndPromises => new()
    {
        Name = "Contact and promises",
        Reason = "Management wants contact and kept promises only.",
        Signals =
        [
            new SignalRule(HealthSignal.DaysSinceContact, 50m, 30m, 60m),
            new SignalRule(HealthSignal.OverdueCommitments, 25m, 0m, 1m),
            new SignalRule(HealthSignal.BrokenCommitments, 25m, 0m, 1m, 30),
        ],
        Bands = [new HealthBand("Poor", 0, 39), new HealthBand("Fair", 40, 79), new HealthBand("Good", 80, 100)],
    };
}

/// <summary>
/// A year of Nordic Paper: health falls when the decision maker leaves and a promise is broken, then recovers with a new CFO,
/// a promise kept and regular contact. Ids are new for each telling (a scheduled due check of one telling must not meet the other).
/// </summary>
public sealed class DeclineAndRecovery
{
    public const string Anna = "anna@example.com";
    public const string Ben = "ben@example.com";
    public const string Dana = "dana@example.com";

    public Guid Account { get; } = Guid.CreateVersion7();

    public Guid Maria { get; } = Guid.CreateVersion7();

    public Guid Olli { get; } = Guid.CreateVersion7();

    public Guid Pekka { get; } = Guid.CreateVersion7();

    public Guid Audit { get; } = Guid.CreateVersion7();

    public Guid Pilot { get; } = Guid.CreateVersion7();

    public static DateTimeOffset At(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    public static DateOnly D(int month, int day) => new(2026, month, day);

    public IReadOnlyList<Tellings.Step> Steps(AppFixture app) =>
    [
        new(At(1, 2, 9), async backdated =>
        {
            foreach (var (person, name) in new[] { (Dana, "Dana Director"), (Anna, "Anna Virtanen"), (Ben, "Ben Lindqvist") })
            {
                await Post(app, "/api/people", PeopleScenarios.Registration(person, name) with { OccurredAt = backdated ? At(1, 2, 9) : null }, 201);
                await Post(app, $"/api/people/{person}/authority-grants", new GrantAuthority
                {
                    EffectiveFrom = D(1, 1), MaxCommitmentValues = [new Money(50_000m, "EUR")], MaxDiscountPercent = 5m,
                    CommitmentKinds = [CommitmentKind.DeliveryDate, CommitmentKind.InformationOrFollowUp],
                    ApproverPersonId = person == Dana ? null : Dana, Reason = "Standard authority",
                });
            }
        }),
        new(At(1, 15), backdated => Post(app, "/api/accounts", Scenarios.Designation("Nordic Paper Oy", $"FI-HEALTH-{Account:N}"[..24]) with
        {
            AccountId = Account, DesignatedOn = backdated ? D(1, 15) : null, OccurredAt = backdated ? At(1, 15) : null,
        }, 201)),
        new(At(1, 20), async backdated =>
        {
            var on = backdated ? D(1, 20) : (DateOnly?)null;
            await Post(app, $"/api/accounts/{Account}/account-manager/assignments", new AssignAccountManager { PersonId = Anna, EffectiveOn = on });
            await Post(app, $"/api/accounts/{Account}/stakeholders", Stakeholder(Maria, "Maria Korhonen", "CFO", OrganisationLevel.Executive, BuyingRole.DecisionMaker, on), 201);
            await Post(app, $"/api/accounts/{Account}/stakeholders", Stakeholder(Olli, "Olli Laine", "Shift supervisor", OrganisationLevel.Operational, BuyingRole.User, on), 201);
            await Post(app, $"/api/accounts/{Account}/links", new EstablishRelationshipLink { PersonId = Anna, StakeholderId = Maria, Strength = LinkStrength.Strong, EffectiveOn = on });
            await Post(app, $"/api/accounts/{Account}/links", new EstablishRelationshipLink { PersonId = Ben, StakeholderId = Olli, Strength = LinkStrength.Medium, EffectiveOn = on });
        }),
        new(At(2, 10), backdated => Meeting(app, backdated ? At(2, 10) : null, Maria, "Price review 2027")),
        new(At(2, 10, 11), backdated => Post(app, $"/api/accounts/{Account}/commitments", new MakeCommitment
        {
            CommitmentId = Audit, MadeBy = Anna, MadeTo = [Maria], Kind = CommitmentKind.InformationOrFollowUp, Description = "Send the mill audit report",
            DueOn = D(3, 31), MadeOn = backdated ? D(2, 10) : null, OccurredAt = backdated ? At(2, 10, 11) : null,
        }, 201)),
        // The scheduler's check the day after the due date, in both tellings.
        new(At(4, 1, 0, 30), _ => new Scenarios(app).CheckDue(Audit, D(3, 31))),
        new(At(4, 10), backdated => Post(app, $"/api/accounts/{Account}/stakeholders/{Maria}/departure",
            new RecordStakeholderDeparture { Reason = "Moved to a competitor", EffectiveOn = backdated ? D(4, 10) : null })),
        new(At(4, 15), backdated => Post(app, $"/api/commitments/{Audit}/breach", new RecordCommitmentBroken
        {
            Reason = "The audit report was not ready", CustomerInformed = true, BrokenOn = backdated ? D(4, 15) : null,
        })),
        new(At(5, 5), backdated => Post(app, $"/api/accounts/{Account}/stakeholders",
            Stakeholder(Pekka, "Pekka Salo", "CFO", OrganisationLevel.Executive, BuyingRole.DecisionMaker, backdated ? D(5, 5) : null), 201)),
        new(At(5, 6), async backdated =>
        {
            await Post(app, $"/api/accounts/{Account}/links",
                new EstablishRelationshipLink { PersonId = Anna, StakeholderId = Pekka, Strength = LinkStrength.Strong, EffectiveOn = backdated ? D(5, 6) : null });
            await Meeting(app, backdated ? At(5, 6, 14) : null, Pekka, "Introduction of the new CFO");
        }),
        new(At(5, 20), backdated => Post(app, $"/api/accounts/{Account}/commitments", new MakeCommitment
        {
            CommitmentId = Pilot, MadeBy = Anna, MadeTo = [Pekka], Kind = CommitmentKind.DeliveryDate, Description = "Pilot delivery to the Kaskinen mill",
            DueOn = D(6, 30), MadeOn = backdated ? D(5, 20) : null, OccurredAt = backdated ? At(5, 20) : null,
        }, 201)),
        new(At(5, 25), backdated => Post(app, $"/api/commitments/{Pilot}/fulfilment",
            new FulfilCommitment { Evidence = "Delivery note DN-0525", FulfilledOn = backdated ? D(5, 25) : null })),
        new(At(10, 20), backdated => Meeting(app, backdated ? At(10, 20) : null, Pekka, "Quarterly business review")),
    ];

    private static AddStakeholder Stakeholder(Guid id, string name, string title, OrganisationLevel level, BuyingRole role, DateOnly? on) => new()
    {
        StakeholderId = id, Name = name, Title = title, Department = "Finance", Level = level, BuyingRole = role, Stance = Stance.Neutral,
        Email = $"{name.Split(' ')[0].ToLowerInvariant()}@nordicpaper.example", EffectiveOn = on,
    };

    private Task Meeting(AppFixture app, DateTimeOffset? at, Guid with, string subject) => Post(app, $"/api/accounts/{Account}/interactions", new RecordInteraction
    {
        Kind = InteractionKind.Meeting, Channel = InteractionChannel.InPerson, HappenedAt = at, Subject = subject, Summary = subject,
        OurParticipants = [Anna], TheirParticipants = [with],
    }, 201);

    private static async Task Post(AppFixture app, string url, object body, int status = 200) => await Tellings.Post(app, url, body, status);
}
