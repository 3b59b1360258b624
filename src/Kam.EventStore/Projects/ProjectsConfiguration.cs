using JasperFx.Events.Projections;
using Kam.EventStore.Commitments;
using Marten;

namespace Kam.EventStore.Projects;

public static class ProjectsConfiguration
{
    /// <summary>Registers the project's write model (also the row of the account's project list) and the dashboard rows with Marten.</summary>
    public static StoreOptions ConfigureProjects(this StoreOptions options)
    {
        // Event names come with the account's (IAccountEvent) registration: every project event carries the account id.
        options.Projections.Snapshot<Project>(SnapshotLifecycle.Inline);
        options.Schema.For<Project>().Duplicate(x => x.AccountId);

        // Inline, so a dashboard read right after a write sees it; each query filters on these columns.
        options.Projections.Add(new ProjectDashboardProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<ProjectWatch>().Duplicate(x => x.Open);
        options.Schema.For<MilestoneWatch>().Duplicate(x => x.ProjectOpen).Duplicate(x => x.DueOn);
        options.Schema.For<RiskWatch>().Duplicate(x => x.ProjectOpen).Duplicate(x => x.Exposure);
        options.Schema.For<ChangeRequestWatch>().Duplicate(x => x.ProjectOpen).Duplicate(x => x.ProposedOn);
        return options;
    }

    /// <summary>The services of the area: what a commitment may link to.</summary>
    public static IServiceCollection AddProjects(this IServiceCollection services) =>
        services.AddSingleton<ICommitmentLinkTargets, CommitmentLinkTargets>();
}
