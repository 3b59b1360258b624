using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;

namespace Kam.EventStore.Tests.Projects;

/// <summary>
/// The OpenAPI document's examples for every plan and project command, composed as Swagger UI composes a request from the schema
/// (each property's example; an object from its own properties' examples; an enum without one its first member; nothing for a
/// property without an example), work when sent as they are, in order: their fixed ids chain (the plan, its objective and actions;
/// the project, its milestone, risk, issue and change request) onto the first story's account, KAM and stakeholder.
/// </summary>
public sealed class PlanAndProjectExamplesTests(AppFixture app) : ApiTest(app)
{
    private const string Director = "pekka.korhonen@example.com";
    private const string Kam = "anna.virtanen@example.com";
    private static readonly Guid Account = Guid.Parse("0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e11");
    private static readonly Guid ProcurementHead = Guid.Parse("0196f1c5-0a00-7000-8000-000000000001");
    private const string Plan = "0196f1d0-4e00-7000-8000-000000000001";
    private const string Objective = "0196f1d0-4e00-7000-8000-000000000011";
    private const string Reviews = "0196f1d0-4e00-7000-8000-000000000021";
    private const string MillVisit = "0196f1d0-4e00-7000-8000-000000000022";
    private const string Project = "0196f1d1-5f00-7000-8000-000000000001";
    private const string TrialRun = "0196f1d1-5f00-7000-8000-000000000011";
    private const string Risk = "0196f1d1-5f00-7000-8000-000000000021";
    private const string Issue = "0196f1d1-5f00-7000-8000-000000000031";
    private const string Change = "0196f1d1-5f00-7000-8000-000000000041";
    private const string SecondRisk = "0196f1d1-5f00-7000-8000-000000000022";
    private const string SecondChange = "0196f1d1-5f00-7000-8000-000000000042";

    /// <summary>The commands in story order, with the route's values.</summary>
    private static readonly (string Operation, string Route)[] Steps =
    [
        ("DraftAccountPlan", $"/api/accounts/{Account}/plans"),
        ("AgreePlanObjective", $"/api/plans/{Plan}/objectives/{Objective}/agreements"),
        ("SignOffAccountPlan", $"/api/plans/{Plan}/sign-off"),
        ("MeasureObjectiveProgress", $"/api/plans/{Plan}/objectives/{Objective}/progress"),
        ("CompletePlanAction", $"/api/plans/{Plan}/actions/{Reviews}/completion"),
        ("ReviseAccountPlan", $"/api/plans/{Plan}/revisions"),
        ("DropPlanAction", $"/api/plans/{Plan}/actions/{MillVisit}/dropping"),
        ("StartJointProject", $"/api/accounts/{Account}/projects"),
        ("ReportProjectStatus", $"/api/projects/{Project}/status-reports"),
        ("RaiseProjectRisk", $"/api/projects/{Project}/risks"),
        ("ReassessProjectRisk", $"/api/projects/{Project}/risks/{Risk}/reassessments"),
        ("ProposeProjectChange", $"/api/projects/{Project}/change-requests"),
        ("ApproveProjectChange", $"/api/projects/{Project}/change-requests/{Change}/approval"),
        ("SlipMilestone", $"/api/projects/{Project}/milestones/{TrialRun}/slips"),
        ("RealiseProjectRisk", $"/api/projects/{Project}/risks/{Risk}/realisation"),
        ("RaiseProjectIssue", $"/api/projects/{Project}/issues"),
        ("ResolveProjectIssue", $"/api/projects/{Project}/issues/{Issue}/resolution"),
        ("ReachMilestone", $"/api/projects/{Project}/milestones/{TrialRun}/achievement"),
        ("CloseProjectRisk", $"/api/projects/{Project}/risks/{SecondRisk}/closure"),
        ("RejectProjectChange", $"/api/projects/{Project}/change-requests/{SecondChange}/rejection"),
        ("CloseJointProject", $"/api/projects/{Project}/closure"),
        ("CloseAccountPlan", $"/api/plans/{Plan}/closure"),
    ];

    [Fact]
    public async Task every_plan_and_project_example_works_when_sent_as_it_is_in_story_order()
    {
        var document = (await Host.GetAsJson<JsonNode>("/swagger/v1/swagger.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Node: o.Value!)))
            .Where(o => o.Method == "post" && (o.Node["tags"]![0]!.GetValue<string>() is "Account plans" or "Joint projects"))
            .ToDictionary(o => o.Node["operationId"]!.GetValue<string>(), o => o.Node);
        operations.Keys.ShouldBe(Steps.Select(s => s.Operation), ignoreOrder: true, "every plan and project command is in the story");
        await The_first_storys_account();

        foreach (var (operation, route) in Steps)
        {
            // The two items that end otherwise than the story's (a risk closed, a change rejected), made by the test itself.
            if (operation == "CloseProjectRisk")
            {
                await Send(route.Replace($"/{SecondRisk}/closure", "", StringComparison.Ordinal),
                    new RaiseProjectRisk { RiskId = Guid.Parse(SecondRisk), Description = "Pulp price spike", Probability = 0.2m, Impact = RiskImpact.Medium, OwnerPersonId = Kam });
            }

            if (operation == "RejectProjectChange")
            {
                await Send(route.Replace($"/{SecondChange}/rejection", "", StringComparison.Ordinal),
                    new ProposeProjectChange { ChangeRequestId = Guid.Parse(SecondChange), Kind = ChangeKind.Scope, Description = "Add a third grade", Reason = "Customer asked", ProposedByPersonId = Kam });
            }

            var schema = operations[operation]["requestBody"]!["content"]!["application/json"]!["schema"]!;
            var body = Compose(document, schema) ?? new JsonObject();
            var result = await Host.Scenario(x =>
            {
                x.Post.Text(body.ToJsonString()).ToUrl(route).ContentType("application/json");
                x.As(Director, Roles.Admin, Roles.Approver);
                x.IgnoreStatusCode();
            });
            result.Context.Response.StatusCode.ShouldBeInRange(200, 201, $"{operation} {body.ToJsonString()}: {await result.ReadAsTextAsync()}");
        }

        var project = (await Host.GetAsJson<ProjectView>($"/api/projects/{Project}"))!;
        project.ShouldSatisfyAllConditions(
            p => p.Status.ShouldBe(ProjectStatus.Delivered),
            p => p.PlanId.ShouldBe(Guid.Parse(Plan)),
            p => p.Budget.ShouldBe(new Money(300_000m, "EUR")),
            p => p.Milestones.Single().Slips.Count.ShouldBe(1));
    }

    /// <summary>The request Swagger UI would compose from the schema's examples.</summary>
    private static JsonNode? Compose(JsonNode document, JsonNode schema)
    {
        if (schema["$ref"] is { } reference)
        {
            return Compose(document, document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!);
        }

        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }

        if (schema["enum"] is JsonArray members)
        {
            return members[0]!.DeepClone();
        }

        if (schema["properties"] is not JsonObject properties)
        {
            return null;
        }

        var composed = new JsonObject();
        foreach (var (name, property) in properties)
        {
            if (Compose(document, property!) is { } value)
            {
                composed[name] = value;
            }
        }

        return composed.Count == 0 ? null : composed;
    }

    /// <summary>What the first story has recorded by the time these commands come: the director, the KAM, the account and its decision maker.</summary>
    private async Task The_first_storys_account()
    {
        await Given.Person(Director, "Pekka Korhonen");
        await Given.Person(Kam, "Anna Virtanen", manager: Director);
        await Given.Authority(Director, PeopleScenarios.Grant(new DateOnly(2026, 1, 1), eur: 1_000_000m, discount: 25m) with { CommitmentKinds = Enum.GetValues<CommitmentKind>() });
        await Given.Authority(Kam, PeopleScenarios.Grant(new DateOnly(2026, 1, 1), eur: 50_000m, approver: Director) with
        {
            CommitmentKinds = [CommitmentKind.DeliveryDate, CommitmentKind.PriceOrDiscount, CommitmentKind.ServiceLevel, CommitmentKind.Resource, CommitmentKind.InformationOrFollowUp],
        });
        await Send("/api/accounts", Scenarios.Designation("Nordic Paper Oy", "FI12345678") with { AccountId = Account, DesignatedOn = new DateOnly(2026, 1, 1) }, 201);
        await Send($"/api/accounts/{Account}/account-manager/assignments", new AssignAccountManager { PersonId = Kam, EffectiveOn = new DateOnly(2026, 1, 1) });
        await Send($"/api/accounts/{Account}/stakeholders", new AddStakeholder
        {
            StakeholderId = ProcurementHead, Name = "Maria Korhonen", Title = "Head of Procurement", Department = "Procurement", Level = OrganisationLevel.Management,
            BuyingRole = BuyingRole.DecisionMaker, Stance = Stance.Neutral, EffectiveOn = new DateOnly(2026, 1, 1),
        }, 201);
    }

    private async Task Send(string url, object body, int status = 200) => await Tellings.Post(App, url, body, status, Director);
}
