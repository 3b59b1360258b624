using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Sales;

/// <summary>The cast of the sales stories: a key account with Anna as KAM (5% alone, Dana approves above) and Maria, its CFO.</summary>
public sealed record SalesCast(Guid AccountId, Guid Maria);

/// <summary>"Given" helpers of the sales area; they drive the public HTTP API.</summary>
public static class SalesScenarios
{
    public const string Anna = "anna@example.com";
    public const string Dana = "dana@example.com";

    /// <summary>The fiscal year 2026 and its quarters.</summary>
    public static readonly Period Year = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    public static readonly Period Q1 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));
    public static readonly Period Q2 = new(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30));
    public static readonly Period Q3 = new(new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30));
    public static readonly Period Q4 = new(new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31));

    public static IReadOnlyList<BudgetLine> Quarters(decimal q1, decimal q2, decimal q3, decimal q4) =>
        [new(Q1, q1), new(Q2, q2), new(Q3, q3), new(Q4, q4)];

    /// <summary>What a KAM may grant alone here: discounts up to 5%, 50k EUR; Dana, the sales director, approves above (20%, 500k).</summary>
    public static GrantAuthority Grant(string person, DateTimeOffset? occurredAt = null) => new()
    {
        EffectiveFrom = new DateOnly(2026, 1, 1),
        MaxCommitmentValues = [new Money(person == Dana ? 500_000m : 50_000m, "EUR")],
        MaxDiscountPercent = person == Dana ? 20m : 5m,
        CommitmentKinds = person == Dana ? Enum.GetValues<CommitmentKind>() : [CommitmentKind.PriceOrDiscount, CommitmentKind.DeliveryDate],
        ApproverPersonId = person == Dana ? null : Dana,
        Reason = person == Dana ? "Sales director" : "Key account manager",
        OccurredAt = occurredAt,
    };

    /// <summary>Anna and Dana with their authority, a key account with Anna as KAM and Maria as CFO (from 20 January 2026).</summary>
    public static async Task<SalesCast> SalesAccount(this Scenarios given, string name = "Nordic Paper Oy")
    {
        await given.Colleagues(Anna, Dana);
        await given.Authority(Dana, Grant(Dana));
        await given.Authority(Anna, Grant(Anna));
        var account = await given.KeyAccount(name);
        await given.Kam(account, Anna, new DateOnly(2026, 1, 20));
        var maria = await given.Stakeholder(account, "Maria Korhonen", new DateOnly(2026, 1, 20), OrganisationLevel.Executive, BuyingRole.DecisionMaker, "CFO");
        return new SalesCast(account, maria);
    }

    public static SetRevenueBudget Budget(decimal q1 = 500_000m, decimal q2 = 600_000m, decimal q3 = 600_000m, decimal q4 = 700_000m) => new()
    {
        Period = Year, Currency = "EUR", Lines = Quarters(q1, q2, q3, q4), ApprovedByPersonId = Dana, SetOn = new DateOnly(2026, 1, 20),
    };

    public static OpenOpportunity Opportunity(SalesCast cast, string title = "Kemi mill maintenance contract", decimal value = 300_000m,
        OpportunityStage stage = OpportunityStage.Qualify) => new()
    {
        Title = title, Value = new Money(value, "EUR"), ExpectedCloseOn = new DateOnly(2026, 6, 30), Products = ["Maintenance services"],
        OwnerPersonId = Anna, StakeholderIds = [cast.Maria], Source = "Customer RFQ", Stage = stage, OpenedOn = new DateOnly(2026, 2, 3),
    };

    public static OpenNegotiation Negotiation(SalesCast cast, Guid opportunityId) => new()
    {
        Subject = "Price and terms of the maintenance contract", OpportunityId = opportunityId, NegotiatorPersonIds = [Anna], StakeholderIds = [cast.Maria],
        Mandate = new NegotiationMandate("List price, 30-day terms", "At most 8% discount"), OpenedOn = new DateOnly(2026, 4, 20),
    };

    public static OfferConcession Discount(decimal percent, DateOnly on) => new()
    {
        Kind = ConcessionKind.Discount, Description = $"{percent}% discount on the 2027 service price list", DiscountPercent = percent,
        OfferedByPersonId = Anna, OfferedOn = on,
    };

    /// <summary>Posts and expects <paramref name="status"/>; as <paramref name="caller"/> (writer and approver) when given. Returns the answer.</summary>
    public static async Task<T> Posted<T>(this Scenarios given, string url, object body, int status = 200, string? caller = null)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl(url);
            if (caller is not null)
            {
                x.As(caller, Roles.Writer, Roles.Approver);
            }

            x.StatusCodeShouldBe(status);
        });
        return await result.ReadAsJsonAsync<T>();
    }

    public static async Task<Guid> SetBudget(this Scenarios given, SalesCast cast, SetRevenueBudget? budget = null) =>
        (await given.Posted<RevenueBudgetCreated>($"/api/accounts/{cast.AccountId}/revenue-budgets", budget ?? Budget(), 201)).BudgetId;

    public static async Task<Guid> Open(this Scenarios given, SalesCast cast, OpenOpportunity opportunity) =>
        (await given.Posted<OpportunityCreated>($"/api/accounts/{cast.AccountId}/opportunities", opportunity, 201)).OpportunityId;

    public static async Task<Guid> OpenNegotiation(this Scenarios given, SalesCast cast, OpenNegotiation negotiation) =>
        (await given.Posted<NegotiationCreated>($"/api/accounts/{cast.AccountId}/negotiations", negotiation, 201)).NegotiationId;

    public static async Task<Guid> Actual(this Scenarios given, Guid accountId, Period period, decimal amount, string currency = "EUR", decimal? rate = null) =>
        (await given.Posted<RevenueActualCreated>($"/api/accounts/{accountId}/revenue-actuals", new RecordRevenueActual
        {
            Period = period, Amount = new Money(amount, currency), Rate = rate, Source = "ERP", BookedOn = period.To.AddDays(5),
        }, 201)).ActualId;

    public static async Task<AccountResults> Results(this Scenarios given, Guid accountId, string query = "") =>
        (await given.App.Host.GetAsJson<AccountResults>($"/api/accounts/{accountId}/results{query}"))!;
}
