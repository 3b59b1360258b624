using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.History;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Plans;
using Kam.EventStore.Tests.Relationships;
using Npgsql;
using static Kam.EventStore.Tests.Projects.ProjectScenarios;

namespace Kam.EventStore.Tests.Projects;

/// <summary>
/// Plans and projects name the customer's people by stakeholder id only, and views take their names from the account's stakeholders:
/// an erasure of a stakeholder's personal data leaves no trace of them in any table, and plans and projects show them erased.
/// </summary>
public sealed class PlanAndProjectErasureTests(AppFixture app) : ApiTest(app)
{
    private static readonly string[] PersonalValues = ["Zora", "Quist", "Chief Fibre Officer", "zora.quist@customer.example"];

    [Fact]
    public async Task an_erased_stakeholder_who_agreed_to_a_plan_and_sponsored_a_project_leaves_no_trace_and_reads_erased()
    {
        await Given.Person(PlanScenarios.Ben, "Ben Lindqvist");
        await Given.Person(Anna, "Anna Virtanen");
        await Given.Person(Leo, "Leo Lead");
        var account = await Given.KeyAccount();
        var added = await Host.Scenario(x =>
        {
            x.Post.Json(new AddStakeholder
            {
                Name = "Zora Quist", Title = "Chief Fibre Officer", Department = "Fibre", Level = OrganisationLevel.Executive, BuyingRole = BuyingRole.DecisionMaker,
                Stance = Stance.Supportive, Email = "zora.quist@customer.example", EffectiveOn = D(1, 20),
            }).ToUrl($"/api/accounts/{account}/stakeholders");
            x.StatusCodeShouldBe(201);
        });
        var zora = (await added.ReadAsJsonAsync<StakeholderCreated>()).StakeholderId;
        var plan = (await Given.Plan(account, PlanScenarios.Draft(Guid.NewGuid()))).PlanId;
        await Given.OnPlan(plan, $"objectives/{PlanScenarios.ShareOfWallet}/agreements", new AgreePlanObjective { StakeholderId = zora });
        var project = (await Given.Project(account, Start(Guid.NewGuid(), zora, zora, D(2, 2)))).ProjectId;
        await Given.CheckpointsCaughtUp();

        (await Given.PlanView(plan)).Objectives[0].Agreements.Single().Name.ShouldBe("Zora Quist");
        (await Given.ProjectView(project)).Sponsor.Name.ShouldBe("Zora Quist");
        (await Traces()).ShouldContain("public.mt_events", "the scan must see her before the erasure, or it proves nothing");

        await Host.Scenario(x =>
        {
            x.Post.Json(new EraseStakeholderPersonalData { Reason = "Erasure request GDPR-2026-077" }).ToUrl($"/api/accounts/{account}/stakeholders/{zora}/erasure");
            x.As("privacy-officer@example.com", Roles.Admin);
            x.StatusCodeShouldBe(200);
        });
        await Given.CheckpointsCaughtUp();

        (await Traces()).ShouldBeEmpty();
        var agreement = (await Given.PlanView(plan)).Objectives[0].Agreements.Single();
        agreement.ShouldSatisfyAllConditions(a => a.Name.ShouldBe(StakeholderPersonalData.ErasedName), a => a.StakeholderId.ShouldBe(zora));
        var view = await Given.ProjectView(project);
        view.Sponsor.ShouldBe(new ProjectStakeholder(zora, StakeholderPersonalData.ErasedName, StakeholderPersonalData.Erased, "Sponsor"));
        view.TheirMembers.ShouldAllBe(m => m.Name == StakeholderPersonalData.ErasedName);
        (await Given.PlanView(plan, "?on=2026-11-02")).Objectives[0].Agreements.Single().Name.ShouldBe(StakeholderPersonalData.ErasedName);
    }

    /// <summary>Every table whose rows, read as text, hold one of <see cref="PersonalValues"/>.</summary>
    private async Task<List<string>> Traces()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"select exists (select 1 from {table} t where {string.Join(" or ", PersonalValues.Select((_, i) => $"strpos(lower(t::text), lower(@v{i})) > 0"))})", connection);
            for (var i = 0; i < PersonalValues.Length; i++)
            {
                search.Parameters.AddWithValue($"v{i}", PersonalValues[i]);
            }

            if ((bool)(await search.ExecuteScalarAsync())!)
            {
                found.Add(table);
            }
        }

        return found;
    }
}
