using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Sales;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>Every example of bad input the issue names, and the sales area's other rules: a 4xx problem naming the field or rule, nothing appended.</summary>
public sealed class SalesBadInputTests(AppFixture app) : ApiTest(app)
{
    private Task<Problem> Refused(string url, object body, int status, string? caller = null) => Given.Refused(x =>
    {
        x.Post.Json(body).ToUrl(url);
        if (caller is not null)
        {
            x.As(caller, Roles.Writer, Roles.Approver);
        }
    }, status);

    private Task<Problem> RefusedText(string url, string json, int status) =>
        Given.Refused(x => x.Post.Text(json).ContentType("application/json").ToUrl(url), status);

    [Fact]
    public async Task a_negative_amount_is_400_naming_it()
    {
        var cast = await Given.SalesAccount();
        var budget = await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", Budget(q2: -1m), 400);
        budget.Errors.Keys.ShouldBe(["lines[1].amount"]);

        var actual = await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q1, Amount = new Money(-480_000m, "EUR"), Source = "ERP" }, 400);
        actual.Errors.Keys.ShouldBe(["amount.amount"]);
    }

    [Fact]
    public async Task a_non_numeric_amount_is_400_naming_it()
    {
        var cast = await Given.SalesAccount();
        var problem = await RefusedText($"/api/accounts/{cast.AccountId}/revenue-actuals",
            """{ "period": { "from": "2026-01-01", "to": "2026-03-31" }, "amount": { "amount": "lots", "currency": "EUR" }, "source": "ERP" }""", 400);
        problem.Errors.Keys.ShouldBe(["amount.amount"]);
        problem.Detail.ShouldNotBeNull().ShouldNotContain("System.");
    }

    [Fact]
    public async Task an_unknown_currency_is_400_naming_it()
    {
        var cast = await Given.SalesAccount();
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", Budget() with { Currency = "EURO" }, 400)).Errors.Keys.ShouldBe(["currency"]);
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q1, Amount = new Money(1m, "XXY"), Source = "ERP" }, 400)).Errors.Keys.ShouldBe(["amount.currency"]);
        (await Refused($"/api/accounts/{cast.AccountId}/opportunities", Opportunity(cast) with { Value = new Money(1m, "eur") }, 400))
            .Errors.Keys.ShouldBe(["value.currency"]);
    }

    [Fact]
    public async Task a_budget_for_an_ended_account_is_409()
    {
        var cast = await Given.SalesAccount();
        await Given.Change(cast.AccountId, "designation-end", new EndKeyAccountDesignation { Reason = "Merged into another customer", EndedOn = new DateOnly(2026, 3, 1) });

        (await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", Budget(), 409)).Rule.ShouldBe("designation-ended");
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q1, Amount = new Money(1m, "EUR"), Source = "ERP" }, 409)).Rule.ShouldBe("designation-ended");
        (await Refused($"/api/accounts/{cast.AccountId}/opportunities", Opportunity(cast), 409)).Rule.ShouldBe("designation-ended");
    }

    [Fact]
    public async Task a_budget_before_the_designation_or_for_an_unknown_account_is_refused()
    {
        var cast = await Given.SalesAccount();
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", Budget() with { SetOn = new DateOnly(2026, 1, 2) }, 422)).Rule.ShouldBe("before-designation");
        (await Refused($"/api/accounts/{Guid.NewGuid()}/revenue-budgets", Budget(), 404)).Rule.ShouldBe("not-found");
    }

    [Fact]
    public async Task actuals_in_a_currency_other_than_the_budgets_without_a_rate_are_422()
    {
        var cast = await Given.SalesAccount();
        await Given.SetBudget(cast);

        var problem = await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q1, Amount = new Money(5_000_000m, "SEK"), Source = "ERP Sweden" }, 422);
        problem.Rule.ShouldBe("rate-required");
        problem.Detail.ShouldNotBeNull().ShouldContain("EUR");

        // With the rate it is counted in euros; a rate on an amount in euros is refused.
        var created = await Given.Posted<RevenueActualCreated>($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q1, Amount = new Money(5_000_000m, "SEK"), Rate = 0.0875m, Source = "ERP Sweden" }, 201);
        created.Converted.ShouldBe(new Money(437_500m, "EUR"));
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q2, Amount = new Money(1m, "EUR"), Rate = 1.1m, Source = "ERP" }, 422)).Rule.ShouldBe("rate-not-applicable");
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = Q2, Amount = new Money(1m, "SEK"), Rate = 0m, Source = "ERP" }, 400)).Errors.Keys.ShouldBe(["rate"]);
    }

    [Fact]
    public async Task a_stage_change_on_a_closed_opportunity_is_409()
    {
        var cast = await Given.SalesAccount();
        var opportunity = await Given.Open(cast, Opportunity(cast));
        await Given.Posted<SalesWritten>($"/api/opportunities/{opportunity}/abandonment", new AbandonOpportunity { Reason = "Budget frozen" });

        (await Refused($"/api/opportunities/{opportunity}/stage-changes", new ChangeOpportunityStage { Stage = OpportunityStage.Propose }, 409))
            .Rule.ShouldBe("opportunity-closed");
        (await Refused($"/api/opportunities/{opportunity}/win", new WinOpportunity { BookedValue = new Money(1m, "EUR") }, 409)).Rule.ShouldBe("opportunity-closed");

        // Reopened, it moves again; a won one is never reopened.
        await Given.Posted<SalesWritten>($"/api/opportunities/{opportunity}/reopening", new ReopenOpportunity { Reason = "Budget released" });
        (await Refused($"/api/opportunities/{opportunity}/stage-changes", new ChangeOpportunityStage { Stage = OpportunityStage.Qualify }, 422))
            .Rule.ShouldBe("same-stage");
        await Given.Posted<SalesWritten>($"/api/opportunities/{opportunity}/win", new WinOpportunity { BookedValue = new Money(290_000m, "EUR") });
        (await Refused($"/api/opportunities/{opportunity}/reopening", new ReopenOpportunity { Reason = "Again" }, 409)).Rule.ShouldBe("opportunity-won");
    }

    [Fact]
    public async Task a_concession_in_a_closed_negotiation_is_409()
    {
        var cast = await Given.SalesAccount();
        var negotiation = await Given.OpenNegotiation(cast, Negotiation(cast, await Given.Open(cast, Opportunity(cast))));
        await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/closing",
            new CloseNegotiation { Outcome = NegotiationOutcome.NoAgreement, Reason = "The customer chose to wait a year", ClosedOn = new DateOnly(2026, 5, 1) });

        (await Refused($"/api/negotiations/{negotiation}/concessions", Discount(3m, new DateOnly(2026, 5, 2)), 409)).Rule.ShouldBe("negotiation-closed");
        (await Refused($"/api/negotiations/{negotiation}/rounds",
            new RecordNegotiationRound { WeAsked = "a", WeOffered = "b", TheyAsked = "c", TheyOffered = "d" }, 409)).Rule.ShouldBe("negotiation-closed");
    }

    [Fact]
    public async Task a_concession_approved_by_its_own_negotiator_is_422_and_one_beyond_the_approvers_authority_too()
    {
        var cast = await Given.SalesAccount();
        var negotiation = await Given.OpenNegotiation(cast, Negotiation(cast, await Given.Open(cast, Opportunity(cast))));
        var offered = await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions", Discount(7m, new DateOnly(2026, 5, 4)), 200, Anna);
        offered.ConcessionStatus.ShouldBe(ConcessionStatus.PendingApproval);
        var approval = $"/api/negotiations/{negotiation}/concessions/{offered.ConcessionId}/approval";

        (await Refused(approval, new ApproveConcession(), 422, Anna)).Rule.ShouldBe("self-approval");
        (await Refused($"/api/negotiations/{negotiation}/concessions/{offered.ConcessionId}/grant", new GrantConcession(), 422)).Rule.ShouldBe("approval-required");
        (await Refused($"/api/negotiations/{negotiation}/closing",
            new CloseNegotiation { Outcome = NegotiationOutcome.Agreement, AgreedTerms = "7%" }, 422)).Rule.ShouldBe("open-concessions");

        // 25% is beyond Dana's 20% too.
        var big = await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions", Discount(25m, new DateOnly(2026, 5, 5)), 200, Anna);
        (await Refused($"/api/negotiations/{negotiation}/concessions/{big.ConcessionId}/approval", new ApproveConcession(), 422, Dana))
            .Rule.ShouldBe("approver-lacks-authority");
        (await Refused($"/api/negotiations/{negotiation}/concessions/{Guid.NewGuid()}/approval", new ApproveConcession(), 404, Dana)).Rule.ShouldBe("not-found");

        // Approvals need the approver role: a writer alone is forbidden before anything is decided.
        (await Given.Refused(x =>
        {
            x.Post.Json(new ApproveConcession()).ToUrl(approval);
            x.As(Dana, Roles.Writer);
        }, 403)).Rule.ShouldBe("forbidden");
    }

    [Fact]
    public async Task a_period_that_overlaps_or_is_reversed_is_refused()
    {
        var cast = await Given.SalesAccount();
        var reversed = new Period(new DateOnly(2026, 12, 31), new DateOnly(2026, 1, 1));
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", Budget() with { Period = reversed }, 400)).Errors.Keys.ShouldBe(["period.to"]);
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = new Period(Q1.To, Q1.From), Amount = new Money(1m, "EUR"), Source = "ERP" }, 400)).Errors.Keys.ShouldBe(["period.to"]);

        // Quarters that overlap, or leave a gap, or lie outside the year.
        var overlapping = Budget() with { Lines = [new(Q1, 1m), new(new Period(new DateOnly(2026, 3, 1), Q2.To), 1m), new(Q3, 1m), new(Q4, 1m)] };
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", overlapping, 400)).Errors.Keys.ShouldBe(["lines[1].period"]);
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets", Budget() with { Lines = [new(Q1, 1m), new(Q2, 1m), new(Q4, 1m)] }, 400))
            .Errors.Keys.ShouldBe(["lines"]);

        // Another budget of the same account overlapping this one; another actual overlapping a booked one.
        await Given.SetBudget(cast);
        var mid = new Period(new DateOnly(2026, 7, 1), new DateOnly(2027, 6, 30));
        var second = await Refused($"/api/accounts/{cast.AccountId}/revenue-budgets",
            Budget() with { Period = mid, Lines = [new(mid, 1m)] }, 422);
        second.Rule.ShouldBe("overlapping-period");
        await Given.Actual(cast.AccountId, Q1, 480_000m);
        (await Refused($"/api/accounts/{cast.AccountId}/revenue-actuals",
            new RecordRevenueActual { Period = new Period(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), Amount = new Money(1m, "EUR"), Source = "ERP" }, 422))
            .Rule.ShouldBe("overlapping-period");

        // A product line's budget may share the period.
        await Given.SetBudget(cast, Budget() with { ProductLine = "Spare parts" });
    }

    [Fact]
    public async Task corrections_and_revisions_keep_their_order_and_change_something()
    {
        var cast = await Given.SalesAccount();
        var budget = await Given.SetBudget(cast);
        var actual = await Given.Actual(cast.AccountId, Q1, 480_000m);

        (await Refused($"/api/revenue-actuals/{actual}/corrections", new CorrectRevenueActual { Amount = new Money(480_000m, "EUR"), Reason = "Same" }, 422))
            .Rule.ShouldBe("nothing-corrected");
        (await Refused($"/api/revenue-actuals/{actual}/corrections",
            new CorrectRevenueActual { Amount = new Money(470_000m, "EUR"), Reason = "Credit", OccurredAt = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero) }, 422))
            .Rule.ShouldBe("out-of-order");
        (await Refused($"/api/revenue-budgets/{budget}/revisions",
            new ReviseRevenueBudget { Lines = Quarters(1m, 1m, 1m, 1m), Reason = "Cut", ApprovedByPersonId = "nobody@example.com" }, 422)).Rule.ShouldBe("unknown-person");
        (await Refused($"/api/revenue-budgets/{budget}/revisions",
            new ReviseRevenueBudget { Lines = Quarters(1m, 1m, 1m, 1m), Reason = "Cut", ApprovedByPersonId = Dana, RevisedOn = new DateOnly(2026, 1, 10) }, 422))
            .Rule.ShouldBe("out-of-order");
        (await Refused($"/api/revenue-budgets/{budget}/revisions",
            new ReviseRevenueBudget { Lines = Quarters(1m, 1m, 1m, 1m), Reason = "Cut", ApprovedByPersonId = Dana, Version = 7 }, 409)).Rule.ShouldBe("version-conflict");
    }

    [Fact]
    public async Task opportunities_and_negotiations_name_their_own_people_stakeholders_and_records()
    {
        var cast = await Given.SalesAccount();
        var stranger = Guid.NewGuid();
        (await Refused($"/api/accounts/{cast.AccountId}/opportunities", Opportunity(cast) with { StakeholderIds = [stranger] }, 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused($"/api/accounts/{cast.AccountId}/opportunities", Opportunity(cast) with { OwnerPersonId = "ghost@example.com" }, 422)).Rule.ShouldBe("unknown-person");
        (await Refused($"/api/accounts/{cast.AccountId}/opportunities",
            Opportunity(cast) with { ExpectedCloseOn = new DateOnly(2026, 1, 1) }, 400)).Errors.Keys.ShouldBe(["expectedCloseOn"]);

        var other = await Given.SalesAccount("Baltic Board AS");
        var theirs = await Given.Open(other, Opportunity(other));
        (await Refused($"/api/accounts/{cast.AccountId}/negotiations", Negotiation(cast, theirs), 422)).Rule.ShouldBe("unknown-opportunity");
        (await Refused($"/api/accounts/{cast.AccountId}/negotiations", Negotiation(cast, theirs) with { OpportunityId = null, Mandate = null }, 400))
            .Errors.Keys.ShouldBe(["opportunityId", "mandate"], ignoreOrder: true);

        var ours = await Given.Open(cast, Opportunity(cast));
        var negotiation = await Given.OpenNegotiation(cast, Negotiation(cast, ours));
        (await Refused($"/api/negotiations/{negotiation}/concessions", Discount(3m, new DateOnly(2026, 5, 4)) with { OfferedByPersonId = Dana }, 422))
            .Rule.ShouldBe("not-a-negotiator");
        (await Refused($"/api/negotiations/{negotiation}/concessions", Discount(3m, new DateOnly(2026, 5, 4)) with { DiscountPercent = null }, 400))
            .Errors.Keys.ShouldBe(["discountPercent"]);
        (await Refused($"/api/opportunities/{ours}/win", new WinOpportunity { BookedValue = new Money(1m, "EUR"), CommitmentIds = [Guid.NewGuid()] }, 422))
            .Rule.ShouldBe("unknown-commitment");
    }
}
