using Kam.EventStore.Commitments;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Projects;

/// <summary>A joint development project as it stood on a date: its people, budget, milestones, reports, changes, risks and issues.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Name">Its name.</param>
/// <param name="Goal">What it sets out to achieve.</param>
/// <param name="PlanId">The account plan it serves, if any.</param>
/// <param name="ObjectiveId">The plan objective it serves, if any.</param>
/// <param name="Sponsor">The customer's sponsor.</param>
/// <param name="LeadPersonId">Our project lead.</param>
/// <param name="OurMembers">Our people on it.</param>
/// <param name="TheirMembers">The customer's people on it.</param>
/// <param name="Budget">The budget in force (approved budget changes applied).</param>
/// <param name="StartedOn">When it started.</param>
/// <param name="Status">Open, Delivered or Cancelled.</param>
/// <param name="DeliveredLate">Delivered, with some milestone reached after the date planned for it.</param>
/// <param name="Rag">The latest status report's colour; null before the first.</param>
/// <param name="Reports">Every status report, in order.</param>
/// <param name="Milestones">The milestones: planned date, date in force, slips, reached, late on the view's date, and the commitments put at risk.</param>
/// <param name="ChangeRequests">Every change request with its decision and authority checks.</param>
/// <param name="Risks">Every risk with what became of it.</param>
/// <param name="Issues">Every issue with its resolution.</param>
/// <param name="ClosedOn">When it closed.</param>
/// <param name="Lessons">The lessons learned.</param>
/// <param name="On">The business date the view is of: late milestones are those past their date in force on it.</param>
/// <param name="Version">The project stream's version the view reflects.</param>
public sealed record ProjectView(
    Guid ProjectId, Guid AccountId, string Name, string Goal, Guid? PlanId, Guid? ObjectiveId, ProjectStakeholder Sponsor, string LeadPersonId,
    IReadOnlyList<OurProjectMember> OurMembers, IReadOnlyList<ProjectStakeholder> TheirMembers, Money Budget, DateOnly StartedOn, ProjectStatus Status,
    bool DeliveredLate, Rag? Rag, IReadOnlyList<StatusReport> Reports, IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<ChangeRequest> ChangeRequests,
    IReadOnlyList<Risk> Risks, IReadOnlyList<ProjectIssue> Issues, DateOnly? ClosedOn, IReadOnlyList<string> Lessons, DateOnly On, long Version)
{
    /// <summary>
    /// The project on <paramref name="on"/>; the customer's people named as the account's stakeholders know them on that date (an
    /// erased stakeholder reads "Erased stakeholder"); the commitments linked to its milestones as given.
    /// </summary>
    public static ProjectView Of(Project project, DateOnly on, AccountRoles? roles, IReadOnlyList<Commitment> commitments) => new(
        project.Id, project.AccountId, project.Name, project.Goal, project.PlanId, project.ObjectiveId,
        ProjectStakeholder.Of(roles, project.SponsorStakeholderId, "Sponsor", on), project.LeadPersonId, project.OurMembers,
        [.. project.TheirMembers.Select(m => ProjectStakeholder.Of(roles, m.StakeholderId, m.Role, on))], project.Budget, project.StartedOn,
        project.Outcome switch { ProjectOutcome.Delivered => ProjectStatus.Delivered, ProjectOutcome.Cancelled => ProjectStatus.Cancelled, _ => ProjectStatus.Open },
        project.DeliveredLate, project.Rag, project.Reports, [.. project.Milestones.Select(m => MilestoneView.Of(project, m, on, commitments))],
        project.ChangeRequests, project.Risks, project.Issues, project.ClosedOn, project.Lessons, on, project.Version);
}

/// <summary>One of the customer's people on a project.</summary>
/// <param name="StakeholderId">The stakeholder.</param>
/// <param name="Name">Their name as the account's stakeholders know it on the view's date.</param>
/// <param name="Title">Their title then.</param>
/// <param name="Role">Their role on the project.</param>
public sealed record ProjectStakeholder(Guid StakeholderId, string Name, string Title, string Role)
{
    public static ProjectStakeholder Of(AccountRoles? roles, Guid stakeholderId, string role, DateOnly on)
    {
        var profile = roles is null ? null : StakeholderChecks.ProfileOn(roles, stakeholderId, on);
        return new ProjectStakeholder(stakeholderId, profile?.Name ?? "", profile?.Title ?? "", role);
    }
}

/// <summary>A milestone on the view's date.</summary>
/// <param name="MilestoneId">The milestone.</param>
/// <param name="Name">What it marks.</param>
/// <param name="PlannedOn">The date planned for it (at the start, or by an approved schedule change).</param>
/// <param name="DueOn">The date it is due: the planned date moved by each slip.</param>
/// <param name="ReachedOn">When it was reached.</param>
/// <param name="Late">Not reached, and the view's date is after its due date; or reached after its planned date.</param>
/// <param name="Slips">Each slip: from which date to which, why, and when.</param>
/// <param name="CommitmentsAtRisk">
/// Open commitments to the customer that depend on the milestone while it is not reached: those due before its date in force (or,
/// without a due date, once it has slipped).
/// </param>
public sealed record MilestoneView(
    Guid MilestoneId, string Name, DateOnly PlannedOn, DateOnly DueOn, DateOnly? ReachedOn, bool Late, IReadOnlyList<MilestoneSlip> Slips,
    IReadOnlyList<CommitmentAtRisk> CommitmentsAtRisk)
{
    public static MilestoneView Of(Project project, Milestone m, DateOnly on, IReadOnlyList<Commitment> commitments) => new(
        m.MilestoneId, m.Name, m.PlannedOn, m.DueOn, m.ReachedOn, m.ReachedOn is { } reached ? reached > m.PlannedOn : on > m.DueOn, m.Slips,
        m.ReachedOn is not null
            ? []
            : [.. commitments
                .Where(c => c.IsOpen && c.Milestone?.ProjectId == project.Id && c.Milestone.MilestoneId == m.MilestoneId
                    && (c.DueOn is { } due ? due < m.DueOn : m.Slips.Count > 0))
                .Select(c => new CommitmentAtRisk(c.Id, c.Description, c.DueOn, c.Owner))]);
}

/// <summary>A commitment to the customer put at risk by a milestone.</summary>
public sealed record CommitmentAtRisk(Guid CommitmentId, string Description, DateOnly? DueOn, string Owner);

/// <summary>Where a project stands.</summary>
public enum ProjectStatus
{
    /// <summary>Under way.</summary>
    Open,

    /// <summary>Closed, delivered.</summary>
    Delivered,

    /// <summary>Closed, cancelled.</summary>
    Cancelled,
}
