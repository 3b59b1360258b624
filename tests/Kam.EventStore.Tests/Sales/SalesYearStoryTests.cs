using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Kam.EventStore.Tests.People;
using static Kam.EventStore.Tests.Sales.SalesScenarios;

namespace Kam.EventStore.Tests.Sales;

/// <summary>
/// A sales year of one key account, told twice: once recorded afterwards in one sitting (2 November), every step backdated;
/// once day by day as it happened, with the clock at each step and no business time given. A budget of 2.4 M EUR for 2026,
/// revised in Q2 to 2.6 M; three opportunities (Kemi won, Oulu lost to Acme Forest Systems, spare parts still open); a
/// negotiation in which Anna offers 7% where she may grant 5%, Dana approves, and the concession becomes a commitment; actuals
/// for Q1 to Q3, Q2 corrected. On four business dates the results, the registers and the timeline read exactly as written
/// below (worked out from the story by hand), and the same in both tellings.
/// </summary>
public sealed class SalesYearStoryTests(AppFixture app) : ApiTest(app)
{
    private static readonly Guid Account = new("0199b000-0000-7000-8000-000000000001");
    private static readonly Guid Maria = new("0199b000-0000-7000-8000-000000000002");
    private static readonly Guid Budget = new("0199b000-0000-7000-8000-000000000003");
    private static readonly Guid Kemi = new("0199b000-0000-7000-8000-000000000004");
    private static readonly Guid Oulu = new("0199b000-0000-7000-8000-000000000005");
    private static readonly Guid Parts = new("0199b000-0000-7000-8000-000000000006");
    private static readonly Guid Talks = new("0199b000-0000-7000-8000-000000000007");
    private static readonly Guid SevenPercent = new("0199b000-0000-7000-8000-000000000008");
    private static readonly Guid Promise = new("0199b000-0000-7000-8000-000000000009");
    private static readonly Guid ActualQ1 = new("0199b000-0000-7000-8000-000000000010");
    private static readonly Guid ActualQ2 = new("0199b000-0000-7000-8000-000000000011");
    private static readonly Guid ActualQ3 = new("0199b000-0000-7000-8000-000000000012");
    private static readonly Guid Batch = new("0199b000-0000-7000-8000-000000000013");

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static readonly DateOnly[] Dates = [D(3, 31), D(5, 31), D(7, 15), D(10, 31)];

    private sealed record Step(DateTimeOffset At, Func<bool, Task> Record);

    private IReadOnlyList<Step> Story() =>
    [
        new(At(1, 2, 9), async backdated =>
        {
            foreach (var (person, name) in new[] { (Dana, "Dana Director"), (Anna, "Anna Virtanen") })
            {
                await Post("/api/people", PeopleScenarios.Registration(person, name) with { OccurredAt = backdated ? At(1, 2, 9) : null }, 201);
                await Post($"/api/people/{person}/authority-grants", Grant(person, backdated ? At(1, 2, 9) : null));
            }
        }),
        new(At(1, 15), backdated => Post("/api/accounts", Scenarios.Designation("Nordic Paper Oy", "FI-SALES-1") with
        {
            AccountId = Account, DesignatedOn = backdated ? D(1, 15) : null, OccurredAt = backdated ? At(1, 15) : null,
        }, 201)),
        new(At(1, 20), async backdated =>
        {
            await Post($"/api/accounts/{Account}/account-manager/assignments",
                new AssignAccountManager { PersonId = Anna, EffectiveOn = backdated ? D(1, 20) : null, OccurredAt = backdated ? At(1, 20) : null });
            await Post($"/api/accounts/{Account}/stakeholders", new AddStakeholder
            {
                StakeholderId = Maria, Name = "Maria Korhonen", Title = "CFO", Department = "Finance", Level = OrganisationLevel.Executive,
                BuyingRole = BuyingRole.DecisionMaker, Stance = Stance.Neutral, EffectiveOn = backdated ? D(1, 20) : null, OccurredAt = backdated ? At(1, 20) : null,
            }, 201);
            // 2.4 M EUR for 2026, by quarter.
            await Post($"/api/accounts/{Account}/revenue-budgets", SalesScenarios.Budget() with
            {
                BudgetId = Budget, SetOn = backdated ? D(1, 20) : null, OccurredAt = backdated ? At(1, 20) : null,
            }, 201, Anna);
        }),
        new(At(2, 3), backdated => Post($"/api/accounts/{Account}/opportunities", Opening(Kemi, "Kemi mill maintenance contract", 300_000m,
            D(6, 30), OpportunityStage.Qualify, backdated ? D(2, 3) : null, backdated ? At(2, 3) : null), 201, Anna)),
        new(At(2, 10), backdated => Post($"/api/accounts/{Account}/opportunities", Opening(Oulu, "Oulu line automation", 200_000m,
            D(5, 31), OpportunityStage.Propose, backdated ? D(2, 10) : null, backdated ? At(2, 10) : null), 201, Anna)),
        new(At(3, 2), backdated => Post($"/api/accounts/{Account}/opportunities", Opening(Parts, "Spare parts framework", 150_000m,
            D(11, 30), OpportunityStage.Identify, backdated ? D(3, 2) : null, backdated ? At(3, 2) : null), 201, Anna)),
        new(At(4, 6), backdated => Post($"/api/accounts/{Account}/revenue-actuals", new RecordRevenueActual
        {
            ActualId = ActualQ1, Period = Q1, Amount = new Money(480_000m, "EUR"), Source = "ERP-INV-2026-Q1",
            BookedOn = backdated ? D(4, 6) : null, OccurredAt = backdated ? At(4, 6) : null,
        }, 201, Anna)),
        // Revised in Q2: a new mill line from Q3 raises the second half.
        new(At(4, 15), backdated => Post($"/api/revenue-budgets/{Budget}/revisions", new ReviseRevenueBudget
        {
            Lines = Quarters(500_000m, 600_000m, 650_000m, 850_000m), Reason = "New mill line in production from Q3", ApprovedByPersonId = Dana,
            RevisedOn = backdated ? D(4, 15) : null, OccurredAt = backdated ? At(4, 15) : null,
        }, 200, Anna)),
        new(At(4, 20), async backdated =>
        {
            await Post($"/api/accounts/{Account}/negotiations", new OpenNegotiation
            {
                NegotiationId = Talks, Subject = "Price and terms of the Kemi maintenance contract", OpportunityId = Kemi, NegotiatorPersonIds = [Anna],
                StakeholderIds = [Maria], Mandate = new NegotiationMandate("List price, 30-day terms", "At most 8% discount"),
                OpenedOn = backdated ? D(4, 20) : null, OccurredAt = backdated ? At(4, 20) : null,
            }, 201, Anna);
            await Post($"/api/opportunities/{Kemi}/stage-changes",
                new ChangeOpportunityStage { Stage = OpportunityStage.Negotiate, OccurredAt = backdated ? At(4, 20) : null }, 200, Anna);
        }),
        new(At(4, 28), backdated => Post($"/api/negotiations/{Talks}/rounds", new RecordNegotiationRound
        {
            WeAsked = "Three-year term", WeOffered = "List price with 3% volume discount", TheyAsked = "10% discount and 90-day payment terms",
            TheyOffered = "Two-year term", HeldOn = backdated ? D(4, 28) : null, OccurredAt = backdated ? At(4, 28) : null,
        }, 200, Anna)),
        // 7% is above the 5% Anna may grant alone: it waits for Dana.
        new(At(5, 4), backdated => Post($"/api/negotiations/{Talks}/concessions", Discount(7m, D(5, 4)) with
        {
            ConcessionId = SevenPercent, OfferedOn = backdated ? D(5, 4) : null, OccurredAt = backdated ? At(5, 4) : null,
        }, 200, Anna)),
        // Nobody approves their own concession.
        new(At(5, 5), async backdated =>
        {
            var refused = await Given.Refused(x =>
            {
                x.Post.Json(new ApproveConcession { OccurredAt = backdated ? At(5, 5) : null }).ToUrl($"/api/negotiations/{Talks}/concessions/{SevenPercent}/approval");
                x.As(Anna, Roles.Writer, Roles.Approver);
            }, 422);
            refused.Rule.ShouldBe("self-approval");
        }),
        new(At(5, 6), backdated => Post($"/api/negotiations/{Talks}/concessions/{SevenPercent}/approval",
            new ApproveConcession { Note = "Strategic renewal", OccurredAt = backdated ? At(5, 6) : null }, 200, Dana)),
        new(At(5, 12), backdated => Post($"/api/negotiations/{Talks}/concessions/{SevenPercent}/grant",
            new GrantConcession { CommitmentId = Promise, GrantedOn = backdated ? D(5, 12) : null, OccurredAt = backdated ? At(5, 12) : null }, 200, Anna)),
        new(At(5, 15), backdated => Post($"/api/negotiations/{Talks}/closing", new CloseNegotiation
        {
            Outcome = NegotiationOutcome.Agreement, AgreedTerms = "Three years at list price less 7%", ClosedOn = backdated ? D(5, 15) : null,
            OccurredAt = backdated ? At(5, 15) : null,
        }, 200, Anna)),
        new(At(5, 20), backdated => Post($"/api/opportunities/{Oulu}/loss", new LoseOpportunity
        {
            Reason = "Price 12% above the winning offer", CompetitorName = "Acme Forest Systems", LostOn = backdated ? D(5, 20) : null,
            OccurredAt = backdated ? At(5, 20) : null,
        }, 200, Anna)),
        new(At(6, 12), backdated => Post($"/api/opportunities/{Kemi}/win", new WinOpportunity
        {
            BookedValue = new Money(279_000m, "EUR"), CommitmentIds = [Promise], WonOn = backdated ? D(6, 12) : null, OccurredAt = backdated ? At(6, 12) : null,
        }, 200, Anna)),
        // Q2 comes with the ERP's batch for every account.
        new(At(7, 6), backdated => Post("/api/revenue-actual-batches", new RecordRevenueActuals
        {
            BatchId = Batch, Period = Q2, Source = "ERP-INV-2026-Q2", BookedOn = backdated ? D(7, 6) : null, OccurredAt = backdated ? At(7, 6) : null,
            Lines = [new ActualLine { AccountId = Account, ActualId = ActualQ2, Amount = new Money(610_000m, "EUR") }],
        })),
        new(At(7, 20), backdated => Post($"/api/revenue-actuals/{ActualQ2}/corrections", new CorrectRevenueActual
        {
            Amount = new Money(590_000m, "EUR"), Source = "ERP-CREDIT-2026-0007", Reason = "Credit note for returned spare parts was missing",
            OccurredAt = backdated ? At(7, 20) : null,
        }, 200, Anna)),
        new(At(9, 15), backdated => Post($"/api/opportunities/{Parts}/stage-changes",
            new ChangeOpportunityStage { Stage = OpportunityStage.Qualify, OccurredAt = backdated ? At(9, 15) : null }, 200, Anna)),
        new(At(10, 5), backdated => Post($"/api/accounts/{Account}/revenue-actuals", new RecordRevenueActual
        {
            ActualId = ActualQ3, Period = Q3, Amount = new Money(640_000m, "EUR"), Source = "ERP-INV-2026-Q3",
            BookedOn = backdated ? D(10, 5) : null, OccurredAt = backdated ? At(10, 5) : null,
        }, 201, Anna)),
    ];

    private static OpenOpportunity Opening(
        Guid id, string title, decimal value, DateOnly closeOn, OpportunityStage stage, DateOnly? openedOn, DateTimeOffset? occurredAt) => new()
    {
        OpportunityId = id, Title = title, Value = new Money(value, "EUR"), ExpectedCloseOn = closeOn, Products = ["Maintenance services"],
        OwnerPersonId = Anna, StakeholderIds = [Maria], Source = "Account plan", Stage = stage, OpenedOn = openedOn, OccurredAt = occurredAt,
    };

    private async Task<IReadOnlyList<DateTimeOffset>> RecordAfterwards()
    {
        var recorded = new List<DateTimeOffset>();
        foreach (var step in Story())
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            recorded.Add(App.Clock.Now);
            await step.Record(true);
        }

        return recorded;
    }

    private async Task RecordDayByDay()
    {
        foreach (var step in Story())
        {
            App.Clock.Now = step.At;
            await step.Record(false);
        }

        App.Clock.Now = AppFixture.Start;
    }

    /// <summary>What the results of 2026 read on each date, worked out by hand (stage probabilities 10/25/50/75%).</summary>
    private static readonly Dictionary<DateOnly, (decimal Budget, decimal Actual, decimal? Attainment, decimal Weighted, decimal Forecast, decimal? ForecastAttainment,
        int Open, int Won, decimal WonValue, int Lost, decimal LostValue, decimal? WinRate, int Concessions, decimal ConcessionValue)> Expected = new()
    {
        // Nothing booked yet; Kemi 300k at Qualify (75k), Oulu 200k at Propose (100k), parts 150k at Identify (15k).
        [D(3, 31)] = (2_400_000m, 0m, 0.0m, 190_000m, 190_000m, 7.9m, 3, 0, 0m, 0, 0m, null, 0, 0m),
        // Revised to 2.6 M; Q1 480k; Kemi at Negotiate (225k), parts 15k; Oulu lost; 7% of Kemi's 300k granted.
        [D(5, 31)] = (2_600_000m, 480_000m, 18.5m, 240_000m, 720_000m, 27.7m, 2, 0, 0m, 1, 200_000m, 0.0m, 1, 21_000m),
        // Q2 booked at 610k (the correction comes on 20 July); Kemi won at 279k; parts 15k.
        [D(7, 15)] = (2_600_000m, 1_090_000m, 41.9m, 15_000m, 1_105_000m, 42.5m, 1, 1, 279_000m, 1, 200_000m, 50.0m, 1, 21_000m),
        // Q2 corrected to 590k, Q3 640k; parts at Qualify (37.5k).
        [D(10, 31)] = (2_600_000m, 1_710_000m, 65.8m, 37_500m, 1_747_500m, 67.2m, 1, 1, 279_000m, 1, 200_000m, 50.0m, 1, 21_000m),
    };

    /// <summary>The timeline by each date: business date and kind of every event of the account (order among same-time events aside).</summary>
    private static IReadOnlyList<(DateOnly, string)> TimelineBy(DateOnly on) =>
    [
        .. new (DateOnly, string)[]
        {
            (D(1, 15), nameof(KeyAccountDesignated)), (D(1, 20), nameof(AccountManagerAssigned)), (D(1, 20), nameof(StakeholderAdded)),
            (D(1, 20), nameof(RevenueBudgetSet)), (D(2, 3), nameof(OpportunityOpened)), (D(2, 10), nameof(OpportunityOpened)), (D(3, 2), nameof(OpportunityOpened)),
            (D(4, 6), nameof(RevenueActualRecorded)), (D(4, 15), nameof(RevenueBudgetRevised)), (D(4, 20), nameof(NegotiationOpened)),
            (D(4, 20), nameof(OpportunityStageChanged)), (D(4, 28), nameof(NegotiationRoundHeld)), (D(5, 4), nameof(ConcessionOffered)),
            (D(5, 6), nameof(ConcessionApproved)), (D(5, 12), nameof(ConcessionGranted)), (D(5, 12), nameof(CommitmentMade)),
            (D(5, 12), nameof(CommitmentApproved)), (D(5, 15), nameof(NegotiationClosed)), (D(5, 20), nameof(OpportunityLost)),
            (D(5, 20), nameof(CompetitorNoted)), (D(6, 12), nameof(OpportunityWon)), (D(7, 6), nameof(RevenueActualRecorded)),
            (D(7, 20), nameof(RevenueActualCorrected)), (D(9, 15), nameof(OpportunityStageChanged)), (D(10, 5), nameof(RevenueActualRecorded)),
        }.Where(e => e.Item1 <= on).OrderBy(e => e.Item1).ThenBy(e => e.Item2, StringComparer.Ordinal),
    ];

    [Fact]
    public async Task a_sales_year_recorded_afterwards_reads_exactly_right_on_four_business_dates()
    {
        var recorded = await RecordAfterwards();

        foreach (var on in Dates)
        {
            var expected = Expected[on];
            var results = (await Given.Results(Account, $"?from=2026-01-01&to=2026-12-31&on={on:yyyy-MM-dd}")).Results;
            results.ShouldSatisfyAllConditions(
                $"results of 2026 on {on:yyyy-MM-dd}",
                r => r.Currency.ShouldBe("EUR"),
                r => r.Budget.ShouldBe(expected.Budget),
                r => r.Actual.ShouldBe(expected.Actual),
                r => r.AttainmentPercent.ShouldBe(expected.Attainment),
                r => r.Pipeline.Weighted.ShouldBe(expected.Weighted),
                r => r.Pipeline.Count.ShouldBe(expected.Open),
                r => r.Forecast.ShouldBe(expected.Forecast),
                r => r.ForecastAttainmentPercent.ShouldBe(expected.ForecastAttainment),
                r => r.Won.ShouldBe(new DealResults(expected.Won, expected.WonValue)),
                r => r.Lost.Count.ShouldBe(expected.Lost),
                r => r.Lost.Value.ShouldBe(expected.LostValue),
                r => r.WinRatePercent.ShouldBe(expected.WinRate),
                r => r.Concessions.ShouldBe(new ConcessionResults(expected.Concessions, expected.ConcessionValue, 0)));

            var timeline = await Timeline(on);
            timeline.Select(e => (BusinessTime.Today(e.GetProperty("businessTime").GetDateTimeOffset()), e.GetProperty("kind").GetString()!))
                .OrderBy(e => e.Item1).ThenBy(e => e.Item2, StringComparer.Ordinal).ToList()
                .ShouldBe(TimelineBy(on), $"the timeline on {on:yyyy-MM-dd}");
            timeline.Select(e => e.GetProperty("businessTime").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Ascending);
        }

        // The registers. 31 March: three open opportunities, nothing promised.
        (await Opportunities(D(3, 31))).Select(o => (o.Id, o.Status, o.Stage)).ShouldBe(
            [(Kemi, OpportunityStatus.Open, OpportunityStage.Qualify), (Oulu, OpportunityStatus.Open, OpportunityStage.Propose), (Parts, OpportunityStatus.Open, OpportunityStage.Identify)]);
        (await Commitments(D(3, 31))).ShouldBeEmpty();

        // 31 May: Kemi in negotiation, Oulu lost to Acme; the 7% is a commitment in force, linked to its concession and negotiation.
        var may = await Opportunities(D(5, 31));
        may.Select(o => (o.Id, o.Status, o.Stage)).ShouldBe(
            [(Kemi, OpportunityStatus.Open, OpportunityStage.Negotiate), (Oulu, OpportunityStatus.Lost, OpportunityStage.Propose), (Parts, OpportunityStatus.Open, OpportunityStage.Identify)]);
        may.Single(o => o.Id == Oulu).ShouldSatisfyAllConditions(o => o.LostTo.ShouldBe("Acme Forest Systems"), o => o.ClosedOn.ShouldBe(D(5, 20)));
        var promise = (await Commitments(D(5, 31))).ShouldHaveSingleItem();
        promise.ShouldSatisfyAllConditions(
            c => c.Id.ShouldBe(Promise),
            c => c.Status.ShouldBe(CommitmentStatus.InForce),
            c => c.MadeBy.ShouldBe(Anna),
            c => c.MadeTo.ShouldBe([Maria]),
            c => c.Kind.ShouldBe(CommitmentKind.PriceOrDiscount),
            c => c.DiscountPercent.ShouldBe(7m),
            c => c.MadeOn.ShouldBe(D(5, 12)),
            c => c.Owner.ShouldBe(Anna),
            c => c.Origin.ShouldBe(new CommitmentOrigin(Talks, SevenPercent, Kemi)));
        var lineage = (await Host.GetAsJson<CommitmentWithLineage>($"/api/commitments/{Promise}"))!.Lineage;
        lineage.Select(e => e.Type).ShouldBe([nameof(CommitmentMade), nameof(CommitmentApproved)]);
        var made = (JsonElement)lineage[0].Data;
        made.GetProperty("check").GetProperty("within").GetBoolean().ShouldBeFalse("7% is beyond Anna's 5%");
        made.GetProperty("check").GetProperty("maxDiscountPercent").GetDecimal().ShouldBe(5m);
        var approvedBy = (JsonElement)lineage[1].Data;
        approvedBy.GetProperty("approvedBy").GetString().ShouldBe(Dana);
        approvedBy.GetProperty("approverCheck").GetProperty("on").GetString().ShouldBe("2026-05-06");

        // The other way: the concession names the commitment it became.
        var negotiation = (await Host.GetAsJson<NegotiationWithLineage>($"/api/negotiations/{Talks}?on=2026-05-31"))!.Negotiation;
        negotiation.Status.ShouldBe(NegotiationStatus.Agreed);
        negotiation.Concessions.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.Status.ShouldBe(ConcessionStatus.Granted),
            c => c.CommitmentId.ShouldBe(Promise),
            c => c.ApprovedByPersonId.ShouldBe(Dana),
            c => c.Check.Within.ShouldBeFalse(),
            c => c.GrantedValue.ShouldBe(new Money(21_000m, "EUR")));

        // 15 July: Kemi won with the commitment that won it; 31 October: the spare parts qualified.
        (await Opportunities(D(7, 15))).Single(o => o.Id == Kemi).ShouldSatisfyAllConditions(
            o => o.Status.ShouldBe(OpportunityStatus.Won), o => o.BookedValue.ShouldBe(new Money(279_000m, "EUR")), o => o.CommitmentIds.ShouldBe([Promise]));
        (await Opportunities(D(10, 31))).Select(o => (o.Id, o.Status, o.Stage)).ShouldBe(
            [(Kemi, OpportunityStatus.Won, OpportunityStage.Negotiate), (Oulu, OpportunityStatus.Lost, OpportunityStage.Propose), (Parts, OpportunityStatus.Open, OpportunityStage.Qualify)]);
        (await Commitments(D(10, 31))).ShouldHaveSingleItem().Status.ShouldBe(CommitmentStatus.InForce);

        // Lost to a named competitor: Acme is now noted as present on the account, from the day of the loss.
        var roles = (await Host.GetAsJson<AccountRolesOn>($"/api/accounts/{Account}/roles?on=2026-05-31"))!;
        roles.Competitors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(c => c.Name.ShouldBe("Acme Forest Systems"), c => c.From.ShouldBe(D(5, 20)));
        var lost = (await Results(D(10, 31))).Lost.ToCompetitors.ShouldHaveSingleItem();
        lost.ShouldBe(new CompetitorLosses("Acme Forest Systems", 1, 200_000m));

        // Quarters: Q2 was 610k on 15 July and 590k after the correction.
        (await Given.Results(Account, "?from=2026-04-01&to=2026-06-30&on=2026-07-15")).Results.ShouldSatisfyAllConditions(
            r => r.Budget.ShouldBe(600_000m), r => r.Actual.ShouldBe(610_000m), r => r.AttainmentPercent.ShouldBe(101.7m));
        (await Given.Results(Account, "?from=2026-04-01&to=2026-06-30")).Results.ShouldSatisfyAllConditions(
            r => r.Actual.ShouldBe(590_000m), r => r.AttainmentPercent.ShouldBe(98.3m), r => r.Won.Count.ShouldBe(1), r => r.Concessions.Granted.ShouldBe(1));

        // Now: as on 31 October; and the account status carries the year's attainment and forecast.
        (await Given.Results(Account)).Results.ShouldBeEquivalentTo(await Results(D(10, 31)));
        var status = await Given.Status(Account);
        status.Sales.ShouldBe(new SalesSummary(Year, "EUR", 2_600_000m, 1_710_000m, 65.8m, 1_747_500m, 67.2m));
        (await Host.GetAsJson<AccountStatus>($"/api/accounts/{Account}?on=2026-03-31"))!.Sales
            .ShouldBe(new SalesSummary(Year, "EUR", 2_400_000m, 0m, 0.0m, 190_000m, 7.9m));

        // What our records said during the sitting: before the correction was recorded, Q2 still read 610k on 31 October.
        var beforeCorrection = recorded[18].AddSeconds(-1);
        (await Given.Results(Account, $"?on=2026-10-31&asOf={Uri.EscapeDataString(beforeCorrection.ToString("O"))}")).Results.Actual.ShouldBe(1_090_000m);
        (await Given.Results(Account, $"?asOf={Uri.EscapeDataString(beforeCorrection.ToString("O"))}")).Results.Actual.ShouldBe(1_090_000m);
    }

    [Fact]
    public async Task recorded_afterwards_and_day_by_day_the_sales_year_reads_the_same_on_every_business_date()
    {
        await RecordAfterwards();
        var afterwards = await Answers();

        await App.ResetAsync();
        await RecordDayByDay();
        var dayByDay = await Answers();

        foreach (var (question, answer) in afterwards)
        {
            dayByDay[question].ShouldBe(answer, question);
        }

        afterwards.Count.ShouldBe(dayByDay.Count);
    }

    private async Task<Dictionary<string, string>> Answers()
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var date in Dates)
        {
            var on = $"on={date:yyyy-MM-dd}";
            foreach (var url in new[]
            {
                $"/api/accounts/{Account}/results?{on}", $"/api/accounts/{Account}/results?{on}&from=2026-04-01&to=2026-06-30", $"/api/accounts/{Account}?{on}",
                $"/api/accounts/{Account}/view?{on}", $"/api/accounts/{Account}/commitments?{on}", $"/api/accounts/{Account}/opportunities?{on}",
                $"/api/accounts/{Account}/negotiations?{on}", $"/api/accounts/{Account}/revenue-budgets?{on}", $"/api/accounts/{Account}/revenue-actuals?{on}",
                $"/api/revenue-budgets/{Budget}?{on}", $"/api/negotiations/{Talks}?{on}", $"/api/opportunities/{Kemi}?{on}",
                $"/api/results?by=Kam&from=2026-01-01&to=2026-12-31&{on}", $"/api/accounts/{Account}/timeline?{on}&order=asc&limit=200",
            })
            {
                var found = await Host.Scenario(x =>
                {
                    x.Get.Url(url);
                    x.IgnoreStatusCode();
                });
                answers[url] = found.Context.Response.StatusCode == 200
                    ? Business(await found.ReadAsJsonAsync<JsonNode>())
                    : $"{found.Context.Response.StatusCode}";
            }
        }

        return answers;
    }

    private static readonly HashSet<string> RecordingOnly = new(StringComparer.Ordinal)
    {
        "recordedAt", "recordedBy", "sequence", "correlationId", "causationId", "id", "entryId", "asOf", "eventCount", "version", "revision", "next",
    };

    private static string Business(JsonNode? node)
    {
        Strip(node);
        return node?.ToJsonString() ?? "null";

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                    {
                        if (RecordingOnly.Contains(key))
                        {
                            o.Remove(key);
                        }
                        else
                        {
                            Strip(o[key]);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Strip(item);
                    }

                    break;
            }
        }
    }

    private async Task Post(string url, object body, int status = 200, string? caller = null) =>
        await Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl(url);
            if (caller is not null)
            {
                x.As(caller, Roles.Writer, Roles.Approver);
            }

            x.StatusCodeShouldBe(status);
        });

    private async Task<PeriodResults> Results(DateOnly on) =>
        (await Given.Results(Account, $"?from=2026-01-01&to=2026-12-31&on={on:yyyy-MM-dd}")).Results;

    private async Task<IReadOnlyList<Opportunity>> Opportunities(DateOnly on) =>
        (await Host.GetAsJson<Page<Opportunity>>($"/api/accounts/{Account}/opportunities?on={on:yyyy-MM-dd}"))!.Items;

    private async Task<IReadOnlyList<Commitment>> Commitments(DateOnly on) =>
        (await Host.GetAsJson<Page<Commitment>>($"/api/accounts/{Account}/commitments?on={on:yyyy-MM-dd}"))!.Items;

    private async Task<IReadOnlyList<JsonElement>> Timeline(DateOnly on) =>
        [.. (await Host.GetAsJson<JsonElement>($"/api/accounts/{Account}/timeline?on={on:yyyy-MM-dd}&order=asc&limit=200")).GetProperty("items").EnumerateArray()];
}
