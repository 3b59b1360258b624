using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>The sales area's pure decisions, without a host: periods, the fold, figures and results, configuration.</summary>
public sealed class SalesDecisionTests
{
    private static readonly Guid Account = Guid.NewGuid();
    private static readonly DateTimeOffset Now = AppFixture.Start;
    private long _version;

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private Event<object> Event(Guid stream, object data)
    {
        var e = new Event<object>(data) { StreamId = stream };
        e.Version = ++_version;
        return e;
    }

    private AccountSales Fold(params (Guid Stream, object Data)[] events) =>
        events.Aggregate((AccountSales?)null, (sales, e) => AccountSalesFold.Apply(sales, Event(e.Stream, e.Data)))!;

    private static KeyAccountDesignated Designated(string currency = "EUR") =>
        new(Account, "Nordic Paper Oy", "FI1", "Paper", AccountTier.Key, ["Fit"], D(1, 15), new Money(1m, currency), Now, "x");

    private static RevenueActualRecorded Actual(Guid id, Period period, decimal amount, string currency = "EUR") =>
        new(Account, id, period, null, new Money(amount, currency), null, new Money(amount, currency), "ERP", null, period.To.AddDays(5), Now, "x");

    private static OpportunityOpened Opened(Guid id, decimal value, OpportunityStage stage, DateOnly closeOn, string currency = "EUR") =>
        new(Account, id, "Deal", new Money(value, currency), closeOn, ["Service"], "anna@example.com", [], "RFQ", stage, D(2, 1), Now, "x");

    [Fact]
    public void a_breakdown_covers_its_period_without_overlaps_gaps_or_parts_outside_it()
    {
        new FieldErrors().Breakdown("lines", Year, [Q1, Q2, Q3, Q4]).Any.ShouldBeFalse();
        new FieldErrors().Breakdown("lines", Year, [Q1, Q2, Q4]).ToProblem().Detail.ShouldNotBeNull().ShouldContain("uncovered");
        new FieldErrors().Breakdown("lines", Year, [Q1, new Period(D(3, 31), Q2.To), Q3, Q4]).ToProblem().Extensions["errors"]
            .ShouldBeAssignableTo<IReadOnlyDictionary<string, string[]>>()!.Keys.ShouldBe(["lines[1].period"]);
        new FieldErrors().Breakdown("lines", Q1, [new Period(D(1, 1), D(4, 1))]).Any.ShouldBeTrue();
        new FieldErrors().Period("period", new Period(D(2, 1), D(1, 1))).Any.ShouldBeTrue();
    }

    [Fact]
    public void the_figures_of_a_period_count_what_lies_inside_it_in_its_currency_and_the_rest_apart()
    {
        Guid budget = Guid.NewGuid(), january = Guid.NewGuid(), q1 = Guid.NewGuid(), won = Guid.NewGuid(), lost = Guid.NewGuid(), open = Guid.NewGuid(),
            sek = Guid.NewGuid();
        var sales = Fold(
            (Account, Designated()),
            (budget, new RevenueBudgetSet(Account, budget, Year, "EUR", null, Quarters(100m, 200m, 300m, 400m), 1_000m, null, D(1, 20), Now, "x")),
            (q1, Actual(q1, Q1, 90m)),
            (january, Actual(january, new Period(D(4, 1), D(4, 30)), 50m)),
            (won, Opened(won, 500m, OpportunityStage.Negotiate, D(5, 31))),
            (won, new OpportunityWon(Account, won, new Money(450m, "EUR"), [], null, D(5, 20), Now, "x")),
            (lost, Opened(lost, 80m, OpportunityStage.Propose, D(8, 31))),
            (lost, new OpportunityLost(Account, lost, "Price", "Acme", Guid.NewGuid(), D(8, 1), Now, "x")),
            (open, Opened(open, 200m, OpportunityStage.Qualify, D(11, 30))),
            (sek, Opened(sek, 1_000m, OpportunityStage.Qualify, D(11, 30), "SEK")));

        var year = SalesFigures.Of(sales, Year);
        year.ShouldSatisfyAllConditions(
            f => f.Budget.ShouldBe(1_000m),
            f => f.Actual.ShouldBe(140m),
            f => f.Pipeline.ShouldHaveSingleItem().ShouldBe(new StageFigures(OpportunityStage.Qualify, 1, 200m)),
            f => (f.WonCount, f.WonValue, f.LostCount, f.LostValue).ShouldBe((1, 450m, 1, 80m)),
            f => f.LostTo.ShouldHaveSingleItem().ShouldBe(new CompetitorLosses("Acme", 1, 80m)),
            f => f.InOtherCurrencies.ShouldBe(1, "the SEK opportunity is counted apart, never converted"));

        // A quarter counts its own line, the actuals inside it (April, not Q1), the deals closed in it.
        var q2 = SalesFigures.Of(sales, Q2);
        (q2.Budget, q2.Actual, q2.WonCount, q2.LostCount, q2.Pipeline.Count).ShouldBe((200m, 50m, 1, 0, 0));

        var results = PeriodResults.Of(Year, year, new StageProbabilities { Qualify = 40m });
        results.ShouldSatisfyAllConditions(
            r => r.Pipeline.Weighted.ShouldBe(80m),
            r => r.Forecast.ShouldBe(220m),
            r => r.AttainmentPercent.ShouldBe(14.0m),
            r => r.ForecastAttainmentPercent.ShouldBe(22.0m),
            r => r.WinRatePercent.ShouldBe(50.0m));
        PeriodResults.Of(Year, SalesFigures.Zero("EUR"), new StageProbabilities()).ShouldSatisfyAllConditions(
            r => r.AttainmentPercent.ShouldBeNull(), r => r.WinRatePercent.ShouldBeNull());
    }

    [Fact]
    public void the_fold_follows_kam_tier_and_manager_and_keeps_each_record_as_its_own_write_model_does()
    {
        var opportunity = Guid.NewGuid();
        var sales = Fold(
            (Account, Designated("SEK")),
            (Account, new AccountManagerAssigned(Account, "anna@example.com", D(1, 20), null, Now, "x")),
            (Account, new KamRoleOrganised(Account, "anna@example.com", KamRoleKind.Expert, "mika@example.com", 50, [], D(1, 20), Now, "x")),
            (Account, new KeyAccountReclassified(Account, AccountTier.Key, AccountTier.Strategic, "Bigger", Now, "x")),
            (opportunity, Opened(opportunity, 10m, OpportunityStage.Identify, D(3, 1))),
            (opportunity, new OpportunityStageChanged(Account, opportunity, OpportunityStage.Identify, OpportunityStage.Propose, null, Now, "x")),
            (Account, new AccountManagerHandedOver(Account, "anna@example.com", "ben@example.com", D(2, 1), "note", Now, "x")));

        sales.ShouldSatisfyAllConditions(
            s => s.Currency.ShouldBe("SEK"),
            s => s.Tier.ShouldBe(AccountTier.Strategic),
            s => s.KamPersonId.ShouldBe("ben@example.com"),
            s => s.KamManagerPersonId.ShouldBeNull("the manager was organised for Anna's KAM role, not Ben's"),
            s => s.Opportunities[opportunity].Stage.ShouldBe(OpportunityStage.Propose),
            s => s.Opportunities[opportunity].Version.ShouldBe(6));
        AccountSalesFold.Apply(null, Event(opportunity, new OpportunityStageChanged(Account, opportunity, default, default, null, Now, "x"))).ShouldBeNull();
    }

    [Fact]
    public void a_won_lost_or_abandoned_opportunity_takes_no_change_and_a_concession_is_worth_what_can_be_computed()
    {
        var id = Guid.NewGuid();
        var opened = EventStore.Sales.Opportunity.Create(Opened(id, 300_000m, OpportunityStage.Negotiate, D(6, 30)));
        opened.Closed().ShouldBeNull();
        opened.Apply(new OpportunityAbandoned(Account, id, "Frozen", D(4, 1), Now, "x")).Closed()!.Extensions["rule"].ShouldBe("opportunity-closed");

        var check = AuthorityChecks.Check("anna@example.com", null, D(5, 4), CommitmentKind.PriceOrDiscount, null, 7m);
        var discount = new Concession(Guid.NewGuid(), ConcessionKind.Discount, "7%", 7m, null, null, "anna@example.com", D(5, 4), check,
            ConcessionStatus.Offered, null, null, null, null, null, null);
        GrantConcessionEndpoint.ValueOf(discount, opened).ShouldBe(new Money(21_000m, "EUR"));
        GrantConcessionEndpoint.ValueOf(discount, null).ShouldBeNull();
        GrantConcessionEndpoint.ValueOf(discount with { Kind = ConcessionKind.FreeService, DiscountPercent = null, Value = new Money(5_000m, "EUR") }, opened)
            .ShouldBe(new Money(5_000m, "EUR"));
        ConcessionKind.FreeService.AsCommitment().ShouldBe(CommitmentKind.Resource);
    }

    [Fact]
    public void an_amount_in_another_currency_needs_a_rate_and_is_counted_at_it()
    {
        ActualRules.Currency("amount.currency", new Money(1m, "SEK"), null, "EUR").Extensions["rule"].ShouldBe("rate-required");
        ActualRules.Currency("amount.currency", new Money(1m, "EUR"), 1.1m, "EUR").Extensions["rule"].ShouldBe("rate-not-applicable");
        Problems.Found(ActualRules.Currency("amount.currency", new Money(1m, "SEK"), 0.09m, "EUR")).ShouldBeFalse();
        ActualRules.Convert(new Money(1_234_567m, "SEK"), 0.08755m, "EUR").ShouldBe(new Money(108_086.34m, "EUR"));
    }

    /// <summary>Each record folds every event of its stream's family (none is dropped silently by its <c>Advance</c>).</summary>
    [Theory]
    [InlineData(typeof(IBudgetEvent))]
    [InlineData(typeof(IActualEvent))]
    [InlineData(typeof(IOpportunityEvent))]
    [InlineData(typeof(INegotiationEvent))]
    public void every_sales_event_is_folded_by_the_record_of_its_stream(Type family)
    {
        var types = typeof(ISalesEvent).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(family)).ToList();
        types.Count.ShouldBeGreaterThan(1);
        Func<object?, object, object?> advance = family.Name switch
        {
            nameof(IBudgetEvent) => (s, e) => RevenueBudget.Advance((RevenueBudget?)s, e),
            nameof(IActualEvent) => (s, e) => RevenueActual.Advance((RevenueActual?)s, e),
            nameof(IOpportunityEvent) => (s, e) => EventStore.Sales.Opportunity.Advance((EventStore.Sales.Opportunity?)s, e),
            _ => (s, e) => EventStore.Sales.Negotiation.Advance((EventStore.Sales.Negotiation?)s, e),
        };

        var created = types.Select(Sample).Select(e => advance(null, e)).OfType<object>().ShouldHaveSingleItem("one event starts the stream");
        foreach (var type in types)
        {
            advance(created, Sample(type)).ShouldNotBeSameAs(created, $"{type.Name} is folded");
        }
    }

    /// <summary>An event with plain values in every field (nested records uninitialised, lists empty).</summary>
    private static object Sample(Type type)
    {
        var sample = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
        foreach (var field in type.GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            .Where(f => f.Name.EndsWith(">k__BackingField", StringComparison.Ordinal)))
        {
            var t = field.FieldType;
            field.SetValue(sample, t switch
            {
                _ when t == typeof(DateTimeOffset) => Now,
                _ when t == typeof(DateOnly) => D(3, 1),
                _ when t == typeof(string) => "x",
                _ when t == typeof(Guid) => Guid.NewGuid(),
                _ when t.IsEnum => Enum.GetValues(t).GetValue(0),
                _ when t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) =>
                    Activator.CreateInstance(typeof(List<>).MakeGenericType(t.GetGenericArguments()[0])),
                _ when t.IsValueType => Activator.CreateInstance(t),
                _ when Nullable.GetUnderlyingType(t) is not null => null,
                _ => System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t),
            });
        }

        return sample;
    }

    [Fact]
    public void stage_probabilities_are_configuration_with_defaults_and_refused_outside_0_to_100()
    {
        StageProbabilities Bound(params (string Key, string Value)[] settings)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{StageProbabilities.Section}:{s.Key}", (string?)s.Value))).Build();
            return new ServiceCollection().AddSales(configuration).BuildServiceProvider().GetRequiredService<IOptions<StageProbabilities>>().Value;
        }

        var defaults = Bound();
        Enum.GetValues<OpportunityStage>().Select(defaults.Of).ShouldBe([10m, 25m, 50m, 75m]);
        Bound(("Propose", "60")).Of(OpportunityStage.Propose).ShouldBe(60m);
        Should.Throw<OptionsValidationException>(() => Bound(("Negotiate", "120"))).Message.ShouldContain(StageProbabilities.Section);
    }
}
