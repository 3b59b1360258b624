using Alba;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Projects;

namespace Kam.EventStore.Tests.Projects;

/// <summary>The project of the stories: a recycled-fibre pilot with three milestones; Leo leads it within 20,000 EUR, Dana above.</summary>
public static class ProjectScenarios
{
    public const string Leo = "leo@example.com";
    public const string Dana = "dana@example.com";
    public const string Anna = "anna@example.com";

    public static readonly Guid LabTrials = new("0199c000-0000-7000-8000-0000000000a1");
    public static readonly Guid TrialRun = new("0199c000-0000-7000-8000-0000000000a2");
    public static readonly Guid GoNoGo = new("0199c000-0000-7000-8000-0000000000a3");

    public static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    /// <summary>Leo may commit resources up to 20,000 EUR, dates and scope alone, Dana above; Dana up to 500,000 EUR, every kind.</summary>
    public static GrantAuthority LeadGrant(DateTimeOffset? occurredAt = null) => new()
    {
        EffectiveFrom = D(1, 1),
        MaxCommitmentValues = [new Money(20_000m, "EUR")],
        MaxDiscountPercent = 0m,
        CommitmentKinds = [CommitmentKind.Resource, CommitmentKind.DeliveryDate, CommitmentKind.FeatureOrRoadmap],
        ApproverPersonId = Dana,
        Reason = "Project lead",
        OccurredAt = occurredAt,
    };

    public static GrantAuthority DirectorGrant(DateTimeOffset? occurredAt = null) => new()
    {
        EffectiveFrom = D(1, 1),
        MaxCommitmentValues = [new Money(500_000m, "EUR")],
        MaxDiscountPercent = 20m,
        CommitmentKinds = Enum.GetValues<CommitmentKind>(),
        Reason = "Development director",
        OccurredAt = occurredAt,
    };

    public static GrantAuthority KamGrant(DateTimeOffset? occurredAt = null) => new()
    {
        EffectiveFrom = D(1, 1),
        MaxCommitmentValues = [new Money(50_000m, "EUR")],
        MaxDiscountPercent = 10m,
        CommitmentKinds = [CommitmentKind.DeliveryDate, CommitmentKind.InformationOrFollowUp, CommitmentKind.Other],
        ApproverPersonId = Dana,
        Reason = "Key account manager",
        OccurredAt = occurredAt,
    };

    public static StartJointProject Start(Guid projectId, Guid sponsor, Guid engineer, DateOnly? startedOn = null) => new()
    {
        ProjectId = projectId,
        Name = "Recycled-fibre coated board pilot",
        Goal = "Qualify a coated board grade with 40% recycled fibre on the customer's line",
        SponsorStakeholderId = sponsor,
        LeadPersonId = Leo,
        OurMembers = [new() { PersonId = Leo, Role = "Project lead" }, new() { PersonId = Anna, Role = "KAM" }],
        TheirMembers = [new() { StakeholderId = sponsor, Role = "Sponsor" }, new() { StakeholderId = engineer, Role = "Mill engineer" }],
        Budget = new Money(100_000m, "EUR"),
        Milestones =
        [
            new() { MilestoneId = LabTrials, Name = "Lab trials done", DueOn = D(4, 30) },
            new() { MilestoneId = TrialRun, Name = "Trial run on the customer's line", DueOn = D(6, 30) },
            new() { MilestoneId = GoNoGo, Name = "Go/no-go decision", DueOn = D(9, 30) },
        ],
        StartedOn = startedOn,
    };

    public static async Task<ProjectCreated> Project(this Scenarios given, Guid accountId, StartJointProject start)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(start).ToUrl($"/api/accounts/{accountId}/projects");
            x.StatusCodeShouldBe(201);
        });
        return await result.ReadAsJsonAsync<ProjectCreated>();
    }

    /// <summary>Posts a change to a project, as <paramref name="caller"/> (writer and approver) when given.</summary>
    public static async Task<ProjectWritten> OnProject(this Scenarios given, Guid projectId, string route, object command, string? caller = null) =>
        await (await Tellings.Post(given.App, $"/api/projects/{projectId}/{route}", command, 200, caller)).ReadAsJsonAsync<ProjectWritten>();

    public static async Task<ProjectView> ProjectView(this Scenarios given, Guid projectId, string query = "") =>
        (await given.App.Host.GetAsJson<ProjectView>($"/api/projects/{projectId}{query}"))!;
}
