using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Kam.EventStore.Projects;

/// <summary>A project on the cross-account dashboards: its latest colour, for the "red projects" view.</summary>
/// <param name="Id">The project.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Name">Its name.</param>
/// <param name="LeadPersonId">Our project lead.</param>
/// <param name="Rag">The latest status report's colour; null before the first.</param>
/// <param name="ReportedOn">The latest report's date.</param>
/// <param name="Summary">The latest report's summary.</param>
/// <param name="Open">Not closed.</param>
public sealed record ProjectWatch(Guid Id, Guid AccountId, string Name, string LeadPersonId, Rag? Rag, DateOnly? ReportedOn, string? Summary, bool Open);

/// <summary>A milestone on the cross-account dashboards ("late milestones": not reached, its date in force passed).</summary>
/// <param name="Id">The milestone.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="AccountId">The project's account.</param>
/// <param name="ProjectName">The project's name.</param>
/// <param name="LeadPersonId">Our project lead.</param>
/// <param name="Name">What it marks.</param>
/// <param name="PlannedOn">The date planned for it.</param>
/// <param name="DueOn">Its date in force (after slips).</param>
/// <param name="ReachedOn">When it was reached.</param>
/// <param name="Slips">How many times it slipped.</param>
/// <param name="ProjectOpen">Whether its project is still open.</param>
public sealed record MilestoneWatch(
    Guid Id, Guid ProjectId, Guid AccountId, string ProjectName, string LeadPersonId, string Name, DateOnly PlannedOn, DateOnly DueOn, DateOnly? ReachedOn,
    int Slips, bool ProjectOpen);

/// <summary>A risk on the cross-account dashboards ("open high risks").</summary>
/// <param name="Id">The risk.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="AccountId">The project's account.</param>
/// <param name="ProjectName">The project's name.</param>
/// <param name="Description">What might happen.</param>
/// <param name="Probability">How likely, 0-1.</param>
/// <param name="Impact">How bad.</param>
/// <param name="ImpactRank">The impact as a number: Low 1, Medium 2, High 3, Critical 4.</param>
/// <param name="Exposure">Probability times impact rank (0-4): the dashboard's order, highest first.</param>
/// <param name="OwnerPersonId">Who of ours owns it.</param>
/// <param name="Mitigation">How it is mitigated.</param>
/// <param name="Status">Open, Realised or Closed.</param>
/// <param name="RaisedOn">When it was raised.</param>
/// <param name="ProjectOpen">Whether its project is still open.</param>
public sealed record RiskWatch(
    Guid Id, Guid ProjectId, Guid AccountId, string ProjectName, string Description, decimal Probability, RiskImpact Impact, int ImpactRank, decimal Exposure,
    string OwnerPersonId, string? Mitigation, RiskStatus Status, DateOnly RaisedOn, bool ProjectOpen);

/// <summary>A change request on the cross-account dashboards ("pending change requests").</summary>
/// <param name="Id">The change request.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="AccountId">The project's account.</param>
/// <param name="ProjectName">The project's name.</param>
/// <param name="Kind">Budget, Schedule or Scope.</param>
/// <param name="Description">What would change.</param>
/// <param name="NewBudget">The budget asked for, for a budget change.</param>
/// <param name="ProposedByPersonId">Who proposed it.</param>
/// <param name="ProposedOn">When.</param>
/// <param name="PendingApproverPersonId">Who it was routed to.</param>
/// <param name="Status">Proposed, Approved or Rejected.</param>
/// <param name="ProjectOpen">Whether its project is still open.</param>
public sealed record ChangeRequestWatch(
    Guid Id, Guid ProjectId, Guid AccountId, string ProjectName, ChangeKind Kind, string Description, Money? NewBudget, string ProposedByPersonId,
    DateOnly ProposedOn, string? PendingApproverPersonId, ChangeRequestStatus Status, bool ProjectOpen);

/// <summary>The dashboard rows of a project, all derived from its state by the same fold as the write model.</summary>
public static class ProjectWatches
{
    public static int Rank(RiskImpact impact) => (int)impact + 1;

    public static IEnumerable<object> Of(Project p)
    {
        var latest = p.Reports.Count == 0 ? null : p.Reports[^1];
        yield return new ProjectWatch(p.Id, p.AccountId, p.Name, p.LeadPersonId, latest?.Rag, latest?.ReportedOn, latest?.Summary, p.IsOpen);
        foreach (var m in p.Milestones)
        {
            yield return new MilestoneWatch(m.MilestoneId, p.Id, p.AccountId, p.Name, p.LeadPersonId, m.Name, m.PlannedOn, m.DueOn, m.ReachedOn, m.Slips.Count,
                p.IsOpen);
        }

        foreach (var r in p.Risks)
        {
            yield return new RiskWatch(r.RiskId, p.Id, p.AccountId, p.Name, r.Description, r.Probability, r.Impact, Rank(r.Impact), r.Probability * Rank(r.Impact),
                r.OwnerPersonId, r.Mitigation, r.Status, r.RaisedOn, p.IsOpen);
        }

        foreach (var c in p.ChangeRequests)
        {
            yield return new ChangeRequestWatch(c.ChangeRequestId, p.Id, p.AccountId, p.Name, c.Kind, c.Description, c.NewBudget, c.ProposedByPersonId,
                c.ProposedOn, c.PendingApproverPersonId, c.Status, p.IsOpen);
        }
    }
}

/// <summary>
/// Keeps the cross-account dashboard rows of every project (<see cref="ProjectWatch"/>, <see cref="MilestoneWatch"/>,
/// <see cref="RiskWatch"/>, <see cref="ChangeRequestWatch"/>), inline, so dashboards page through indexed rows and never replay.
/// For each project touched by a batch of events it folds the project's earlier events (from the store) and the batch's with
/// <see cref="Project.Advance"/>, and writes every row of the project as it then stands: the rows can never disagree with the
/// project. Items of a project are never removed, so writing its rows replaces each one. Never reads the clock: lateness is
/// decided by the dashboard query, for the day it is asked.
/// </summary>
public sealed class ProjectDashboardProjection : ProjectionBase, IProjection
{
    public ProjectDashboardProjection()
    {
        Name = "ProjectDashboards";
        Lifecycle = ProjectionLifecycle.Inline;
        RegisterPublishedType(typeof(ProjectWatch));
        RegisterPublishedType(typeof(MilestoneWatch));
        RegisterPublishedType(typeof(RiskWatch));
        RegisterPublishedType(typeof(ChangeRequestWatch));
        Options.DeleteViewTypeOnTeardown<ProjectWatch>();
        Options.DeleteViewTypeOnTeardown<MilestoneWatch>();
        Options.DeleteViewTypeOnTeardown<RiskWatch>();
        Options.DeleteViewTypeOnTeardown<ChangeRequestWatch>();
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var stream in events.Where(e => e.Data is IProjectEvent).GroupBy(e => e.StreamId))
        {
            // The stream's events before this batch are in the store (earlier transactions, or earlier batches of a rebuild).
            var first = stream.Min(e => e.Version);
            var earlier = first > 1 ? await operations.Events.FetchStreamAsync(stream.Key, version: first - 1, token: cancellation) : [];
            if (Project.Fold(earlier.Concat(stream.OrderBy(e => e.Version)).Select(e => e.Data)) is not { } project)
            {
                continue;
            }

            foreach (var row in ProjectWatches.Of(project))
            {
                switch (row)
                {
                    case ProjectWatch x: operations.Store(x); break;
                    case MilestoneWatch x: operations.Store(x); break;
                    case RiskWatch x: operations.Store(x); break;
                    case ChangeRequestWatch x: operations.Store(x); break;
                }
            }
        }
    }
}
