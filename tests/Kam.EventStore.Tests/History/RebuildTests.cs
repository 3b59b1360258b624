using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Hosting;
using Kam.EventStore.Interactions;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.Health;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Plans;
using Kam.EventStore.Tests.Projects;
using Kam.EventStore.Tests.Relationships;
using Kam.EventStore.Tests.Sales;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.History;

/// <summary>Every read model is derived: rebuilt from the events, it is exactly what was built as they arrived.</summary>
public sealed class RebuildTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task rebuilding_every_projection_gives_documents_identical_to_those_built_as_the_events_arrived()
    {
        // A history touching every area: people and authority, roles, stakeholders, interactions (corrected and retracted),
        // notes, commitments (approved, amended, fulfilled), a handover, sales (budgets, actuals, opportunities, a negotiation), an
        // account plan, a joint project, a status change, and over a hundred events on one account.
        var cast = await Given.KeyAccountWithKamAndDirector();
        var meeting = await Given.Meeting(cast.AccountId, DaysAgo(3), [Anna], [cast.Cfo]);
        await Given.Correct(cast.AccountId, meeting, new CorrectInteraction { Subject = "Price review", Reason = "Subject was wrong" });
        var other = await Given.Meeting(cast.AccountId, DaysAgo(2), [Anna], [cast.Cfo], "Wrong account");
        await Given.Retract(cast.AccountId, other);
        await Given.Note(cast.AccountId, "Maria prefers e-mail", Anna, about: [cast.Cfo]);
        var big = await Given.Promise(cast, Discount(cast, 20m, D(10, 20), D(12, 31)));
        await Given.OnCommitment(big.CommitmentId, "approval", new ApproveCommitment { Note = "Strategic renewal" }, caller: Director);
        var small = await Given.Promise(cast, Discount(cast, 5m, D(10, 21), D(12, 1)));
        await Given.OnCommitment(small.CommitmentId, "fulfilment", new FulfilCommitment { FulfilledOn = D(10, 30), Evidence = "Invoice 4711" });
        await Given.Handover(cast.AccountId, Ben, D(10, 25));

        // Sales: a budget revised, actuals (one in bulk, one corrected), an opportunity lost to a competitor, another won, and a
        // negotiation whose concession became a commitment.
        var sales = new SalesCast(cast.AccountId, cast.Cfo);
        var budget = await Given.SetBudget(sales, SalesScenarios.Budget() with { ApprovedByPersonId = Director });
        await Given.Posted<SalesWritten>($"/api/revenue-budgets/{budget}/revisions",
            new ReviseRevenueBudget { Lines = SalesScenarios.Quarters(500_000m, 600_000m, 650_000m, 850_000m), Reason = "New line", ApprovedByPersonId = Director });
        var q1 = await Given.Actual(cast.AccountId, SalesScenarios.Q1, 480_000m);
        await Given.Posted<SalesWritten>($"/api/revenue-actuals/{q1}/corrections", new CorrectRevenueActual { Amount = new Money(470_000m, "EUR"), Reason = "Credit note" });
        await Given.Posted<RevenueActualsRecorded>("/api/revenue-actual-batches", new RecordRevenueActuals
        {
            Period = SalesScenarios.Q2, Source = "ERP", Lines = [new ActualLine { AccountId = cast.AccountId, Amount = new Money(610_000m, "EUR") }],
        });
        var lost = await Given.Open(sales, SalesScenarios.Opportunity(sales, "Oulu line automation", 200_000m, OpportunityStage.Propose) with
        {
            OpenedOn = D(10, 20), ExpectedCloseOn = D(12, 15),
        });
        await Given.Posted<SalesWritten>($"/api/opportunities/{lost}/loss", new LoseOpportunity { Reason = "Price", CompetitorName = "Acme Forest Systems" });
        var won = await Given.Open(sales, SalesScenarios.Opportunity(sales) with { OpenedOn = D(10, 20), ExpectedCloseOn = D(12, 15) });
        var negotiation = await Given.OpenNegotiation(sales, SalesScenarios.Negotiation(sales, won) with { OpenedOn = D(10, 21) });
        var offered = await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions", SalesScenarios.Discount(12m, D(10, 22)), 200, Anna);
        await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions/{offered.ConcessionId}/approval", new ApproveConcession(), 200, Director);
        await Given.Posted<SalesWritten>($"/api/negotiations/{negotiation}/concessions/{offered.ConcessionId}/grant", new GrantConcession());
        await Given.Posted<SalesWritten>($"/api/opportunities/{won}/win", new WinOpportunity { BookedValue = new Money(264_000m, "EUR") });
        // An account plan (revised, agreed, signed off, measured) and a joint project (slipped, changed, risks and issues, closed).
        await Given.Change(cast.AccountId, "account-manager/role-terms", new OrganiseKamRole { Role = KamRoleKind.Expert, ManagerPersonId = Director, SalesSharePercent = 50 });
        var plan = await Given.Plan(cast.AccountId, PlanScenarios.Draft(Guid.NewGuid()) with { AuthorPersonId = Anna });
        await Given.OnPlan(plan.PlanId, $"objectives/{PlanScenarios.ShareOfWallet}/agreements", new AgreePlanObjective { StakeholderId = cast.Cfo });
        await Given.OnPlan(plan.PlanId, "sign-off", new SignOffAccountPlan(), Director);
        await Given.OnPlan(plan.PlanId, $"objectives/{PlanScenarios.OnTimeDelivery}/progress", new MeasureObjectiveProgress { Value = 91m });
        await Given.OnPlan(plan.PlanId, "revisions", PlanScenarios.June with { Actions = [PlanScenarios.JanuaryActions[0] with { OwnerPersonId = Anna }] });
        await Given.Colleagues(ProjectScenarios.Leo);
        await Given.Authority(ProjectScenarios.Leo, ProjectScenarios.LeadGrant() with { ApproverPersonId = Director });
        var project = (await Given.Project(cast.AccountId, ProjectScenarios.Start(Guid.NewGuid(), cast.Cfo, cast.Cfo, D(10, 1)) with
        {
            OurMembers = [new() { PersonId = ProjectScenarios.Leo, Role = "Lead" }],
            Milestones = [new() { MilestoneId = ProjectScenarios.TrialRun, Name = "Trial run", DueOn = D(12, 1) }],
        })).ProjectId;
        await Given.OnProject(project, $"milestones/{ProjectScenarios.TrialRun}/slips", new SlipMilestone { DueOn = D(12, 31), Reason = "Line slot moved" });
        var risk = await Given.OnProject(project, "risks", new RaiseProjectRisk { Description = "Slot lost", Probability = 0.5m, Impact = RiskImpact.High, OwnerPersonId = Anna });
        await Given.OnProject(project, $"risks/{risk.ItemId}/realisation", new RealiseProjectRisk { Description = "Slot lost" });
        var change = await Given.OnProject(project, "change-requests", new ProposeProjectChange
        {
            Kind = ChangeKind.Budget, Description = "Second run", Reason = "Curl", NewBudgetAmount = 150_000m, ProposedByPersonId = Anna,
        });
        await Given.OnProject(project, $"change-requests/{change.ItemId}/approval", new ApproveProjectChange(), Director);
        await Given.OnProject(project, "status-reports", new ReportProjectStatus { Rag = Rag.Red, Summary = "Behind" });
        await Given.OnProject(project, "closure", new CloseJointProject { Outcome = ProjectOutcome.Cancelled, Lessons = ["Book slots early"] });
        // Health and reviews: a formula version of the company's own, and a management review.
        await Given.Formula(Kam.EventStore.Tests.Health.HealthScenarios.ContactAndPromises);
        await Kam.EventStore.Tests.Reviews.ReviewScenarios.Review(Given, cast.AccountId, new Kam.EventStore.Reviews.IssueAccountReview { Commentary = "Before the status reviews." });
        for (var i = 0; i < 70; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            await Given.Change(cast.AccountId, "status-changes", new ChangeAccountStatus { Status = i % 2 == 0 ? AccountHealth.AtRisk : AccountHealth.Active, Reason = $"Review {i}" });
        }

        await Given.CheckpointsCaughtUp();
        var built = await Documents();
        built.Keys.ShouldContain("mt_doc_accountviewcheckpoint");
        built["mt_doc_accountviewcheckpoint"].Count.ShouldBeGreaterThanOrEqualTo(2, "a tip and at least one checkpoint");
        built.Keys.ShouldContain("mt_doc_timelineentry");
        built.Keys.ShouldContain("mt_doc_commitment");
        built.Keys.ShouldContain("mt_doc_interactionrecord");
        built.Keys.ShouldContain("mt_doc_accountsales");
        built["mt_doc_salesresultrow"].Count.ShouldBe(5, "the year and its four quarters");
        built.Keys.ShouldContain("mt_doc_negotiation");
        built.Keys.ShouldContain("mt_doc_accountplan");
        built.Keys.ShouldContain("mt_doc_project");
        built.Keys.ShouldContain("mt_doc_milestonewatch");
        built.Keys.ShouldContain("mt_doc_riskwatch");
        built.Keys.ShouldContain("mt_doc_changerequestwatch");
        built.Keys.ShouldContain("mt_doc_projectwatch");
        built.Keys.ShouldContain("mt_doc_healthformulabook");
        built.Keys.ShouldContain("mt_doc_accountreview");
        built["mt_doc_accounthealthrow"].Count.ShouldBe(1, "the account's health row, with its band schedule");
        (await IndexedEventsMissingOrTwice()).ShouldBe(0, "every event carrying an account id has exactly one row in the account event index");

        var daemon = App.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var projection in ((Marten.StoreOptions)App.Store.Options).Projections.All)
        {
            await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        await Given.CheckpointsCaughtUp();
        var rebuilt = await Documents();
        rebuilt.Keys.ShouldBe(built.Keys, ignoreOrder: true);
        foreach (var (table, rows) in built)
        {
            rebuilt[table].ShouldBe(rows, $"{table} rebuilt from the events must equal what was built as they arrived");
        }
    }

    /// <summary>Every document table's rows (id and data, compared as jsonb text, so key order does not matter).</summary>
    private async Task<Dictionary<string, List<string>>> Documents()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'public' and table_name like 'mt_doc_%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var documents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await using var select = new NpgsqlCommand($"select id::text || ' ' || data::text from public.{table} order by id", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            if (rows.Count > 0)
            {
                documents[table] = rows;
            }
        }

        return documents;
    }

    /// <summary>Events carrying an account id without exactly one row of the account event index (the index must name each once).</summary>
    private async Task<long> IndexedEventsMissingOrTwice()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select count(*) from mt_events e
            where e.data ? 'AccountId' and (select count(*) from mt_doc_accounteventrow i where i.sequence = e.seq_id) <> 1
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("projections --rebuild", "projections rebuild")]
    [InlineData("projections --rebuild -p AccountStatus", "projections rebuild -p AccountStatus")]
    [InlineData("projections rebuild", "projections rebuild")]
    [InlineData("projections list", "projections list")]
    [InlineData("db-apply --rebuild", "db-apply --rebuild")]
    public void the_older_rebuild_spelling_means_todays(string given, string meant) =>
        string.Join(' ', Kam.EventStore.Hosting.CommandLine.Normalize(given.Split(' '))).ShouldBe(meant);

}
