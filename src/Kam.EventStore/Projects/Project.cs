using Kam.EventStore.Commitments;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Projects;

/// <summary>
/// A joint development project as it stands: the write model of a project stream and, kept inline, the row the account's project
/// list reads. Immutable: <c>Create</c> and <c>Apply</c> return a new value. Figures that move with the calendar (which milestones
/// are late) are not stored: views compute them for the date they show.
/// </summary>
/// <param name="Id">The project (its stream id).</param>
/// <param name="AccountId">The account it belongs to.</param>
/// <param name="Name">Its name.</param>
/// <param name="Goal">What it sets out to achieve.</param>
/// <param name="PlanId">The account plan whose objective it serves, if any.</param>
/// <param name="ObjectiveId">The plan objective it serves, if any.</param>
/// <param name="SponsorStakeholderId">The customer's sponsor.</param>
/// <param name="LeadPersonId">Our project lead.</param>
/// <param name="OurMembers">Our people on it.</param>
/// <param name="TheirMembers">The customer's people on it.</param>
/// <param name="Budget">The budget in force (approved budget changes applied).</param>
/// <param name="StartedOn">When it started.</param>
/// <param name="Milestones">Its milestones, as planned and as they went.</param>
/// <param name="Reports">Its status reports, in order.</param>
/// <param name="ChangeRequests">Every change request, in order.</param>
/// <param name="Risks">Every risk raised, in order.</param>
/// <param name="Issues">Every issue raised, in order.</param>
/// <param name="Outcome">How it ended, once closed.</param>
/// <param name="ClosedOn">When it closed.</param>
/// <param name="Lessons">The lessons learned, recorded at closure.</param>
/// <param name="LastFactAt">The business time of its latest fact: a new fact may not precede it.</param>
[DuplicateRule("duplicate-project")]
public sealed record Project(
    Guid Id,
    Guid AccountId,
    string Name,
    string Goal,
    Guid? PlanId,
    Guid? ObjectiveId,
    Guid SponsorStakeholderId,
    string LeadPersonId,
    IReadOnlyList<OurProjectMember> OurMembers,
    IReadOnlyList<TheirProjectMember> TheirMembers,
    Money Budget,
    DateOnly StartedOn,
    IReadOnlyList<Milestone> Milestones,
    IReadOnlyList<StatusReport> Reports,
    IReadOnlyList<ChangeRequest> ChangeRequests,
    IReadOnlyList<Risk> Risks,
    IReadOnlyList<ProjectIssue> Issues,
    ProjectOutcome? Outcome,
    DateOnly? ClosedOn,
    IReadOnlyList<string> Lessons,
    DateTimeOffset LastFactAt) : IWriteModel<ProjectWritten>
{
    /// <summary>The project stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    /// <summary>Open: not closed.</summary>
    public bool IsOpen => ClosedOn is null;

    /// <summary>The latest status report's colour; null before the first report.</summary>
    public Rag? Rag => Reports.Count == 0 ? null : Reports[^1].Rag;

    /// <summary>Delivered, with some milestone reached after the date planned for it (slips count; approved schedule changes re-plan).</summary>
    public bool DeliveredLate => Outcome == ProjectOutcome.Delivered && Milestones.Any(m => (m.ReachedOn ?? ClosedOn) > m.PlannedOn);

    public static Project Create(JointProjectStarted e) => new(
        e.ProjectId, e.AccountId, e.Name, e.Goal, e.PlanId, e.ObjectiveId, e.SponsorStakeholderId, e.LeadPersonId, e.OurMembers, e.TheirMembers, e.Budget,
        e.StartedOn, [.. e.Milestones.Select(m => new Milestone(m.MilestoneId, m.Name, m.DueOn, m.DueOn, null, []))], [], [], [], [], null, null, [],
        BusinessTime.Of(e));

    public Project Apply(ProjectStatusReported e) =>
        this with { Reports = [.. Reports, new StatusReport(e.ReportedOn, e.Rag, e.Summary, e.NextSteps)], LastFactAt = BusinessTime.Of(e) };

    public Project Apply(ProjectMilestoneReached e) =>
        this with { Milestones = Each(Milestones, m => m.MilestoneId == e.MilestoneId, m => m with { ReachedOn = e.ReachedOn }), LastFactAt = BusinessTime.Of(e) };

    public Project Apply(ProjectMilestoneSlipped e) => this with
    {
        Milestones = Each(Milestones, m => m.MilestoneId == e.MilestoneId,
            m => m with { DueOn = e.DueOn, Slips = [.. m.Slips, new MilestoneSlip(e.PreviousDueOn, e.DueOn, e.Reason, BusinessTime.DateOf(e))] }),
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectChangeRequested e) => this with
    {
        ChangeRequests = [.. ChangeRequests, new ChangeRequest(e.ChangeRequestId, e.Kind, e.Description, e.Reason, e.NewBudget, e.MilestoneId, e.NewDueOn,
            e.ProposedByPersonId, BusinessTime.DateOf(e), e.LeadCheck, e.PendingApproverPersonId, ChangeRequestStatus.Proposed, null, null, null, null)],
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectChangeApproved e)
    {
        var request = ChangeRequestOf(e.ChangeRequestId)!;
        return this with
        {
            ChangeRequests = Each(ChangeRequests, c => c.ChangeRequestId == e.ChangeRequestId, c => c with
            {
                Status = ChangeRequestStatus.Approved, DecidedByPersonId = e.ApprovedByPersonId, DecidedOn = BusinessTime.DateOf(e), ApproverCheck = e.ApproverCheck,
                DecisionNote = e.Note,
            }),
            Budget = request is { Kind: ChangeKind.Budget, NewBudget: { } budget } ? budget : Budget,
            Milestones = request is { Kind: ChangeKind.Schedule, MilestoneId: { } id, NewDueOn: { } due }
                ? Each(Milestones, m => m.MilestoneId == id, m => m with { PlannedOn = due, DueOn = due })
                : Milestones,
            LastFactAt = BusinessTime.Of(e),
        };
    }

    public Project Apply(ProjectChangeRejected e) => this with
    {
        ChangeRequests = Each(ChangeRequests, c => c.ChangeRequestId == e.ChangeRequestId, c => c with
        {
            Status = ChangeRequestStatus.Rejected, DecidedByPersonId = e.RejectedByPersonId, DecidedOn = BusinessTime.DateOf(e), DecisionNote = e.Reason,
        }),
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectRiskRaised e) => this with
    {
        Risks = [.. Risks, new Risk(e.RiskId, e.Description, e.Probability, e.Impact, e.OwnerPersonId, e.Mitigation, RiskStatus.Open, BusinessTime.DateOf(e),
            null, null, null)],
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectRiskReassessed e) => this with
    {
        Risks = Each(Risks, r => r.RiskId == e.RiskId,
            r => r with { Probability = e.Probability, Impact = e.Impact, OwnerPersonId = e.OwnerPersonId, Mitigation = e.Mitigation }),
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectRiskRealised e) => this with
    {
        Risks = Each(Risks, r => r.RiskId == e.RiskId, r => r with { Status = RiskStatus.Realised, IssueId = e.IssueId, ClosedOn = BusinessTime.DateOf(e) }),
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectRiskClosed e) => this with
    {
        Risks = Each(Risks, r => r.RiskId == e.RiskId, r => r with { Status = RiskStatus.Closed, ClosedOn = BusinessTime.DateOf(e), ClosedReason = e.Reason }),
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectIssueRaised e) => this with
    {
        Issues = [.. Issues, new ProjectIssue(e.IssueId, e.Description, e.OwnerPersonId, e.RiskId, BusinessTime.DateOf(e), null, null)],
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(ProjectIssueResolved e) => this with
    {
        Issues = Each(Issues, i => i.IssueId == e.IssueId, i => i with { ResolvedOn = BusinessTime.DateOf(e), Resolution = e.Resolution }),
        LastFactAt = BusinessTime.Of(e),
    };

    public Project Apply(JointProjectClosed e) => this with { Outcome = e.Outcome, ClosedOn = e.ClosedOn, Lessons = e.Lessons, LastFactAt = BusinessTime.Of(e) };

    public ProblemDetails? Closed() => ClosedOn is { } on
        ? Problems.Conflict("project-closed", $"The project closed on {on:yyyy-MM-dd} ({Outcome}); it takes no further change.")
        : null;

    public ProjectWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var occurredAt = appended.OfType<IBusinessFact>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        var item = appended.Select(e => e switch
        {
            ProjectChangeRequested x => x.ChangeRequestId,
            ProjectRiskRaised x => x.RiskId,
            ProjectRiskRealised x => x.IssueId,
            ProjectIssueRaised x => x.IssueId,
            _ => (Guid?)null,
        }).FirstOrDefault(id => id is not null);
        return new ProjectWritten(Id, item, version, occurredAt, occurredAt == now);
    }

    public Milestone? MilestoneOf(Guid id) => Milestones.FirstOrDefault(m => m.MilestoneId == id);

    public ChangeRequest? ChangeRequestOf(Guid id) => ChangeRequests.FirstOrDefault(c => c.ChangeRequestId == id);

    public Risk? RiskOf(Guid id) => Risks.FirstOrDefault(r => r.RiskId == id);

    public ProjectIssue? IssueOf(Guid id) => Issues.FirstOrDefault(i => i.IssueId == id);

    /// <summary>The project as the given events describe it, in the order given: the same <c>Create</c>/<c>Apply</c> as the stored row.</summary>
    public static Project? Fold(IEnumerable<object> events) => events.Aggregate((Project?)null, Advance);

    /// <summary>
    /// The project as the facts stood on business date <paramref name="on"/>: its events dated by then, in the order they were recorded
    /// (the order they happened: a fact may not precede the project's latest); null when it had not started by then.
    /// </summary>
    public static Project? FoldOn(IEnumerable<object> events, DateOnly on) => Fold(events.Where(e => BusinessTime.DateOf(e) <= on));

    /// <summary>One event onto the project (null before it started); events it does not know leave it as it is.</summary>
    public static Project? Advance(Project? state, object e) => (e, state) switch
    {
        (JointProjectStarted started, _) => Create(started),
        (_, null) => null,
        (ProjectStatusReported x, { } s) => s.Apply(x),
        (ProjectMilestoneReached x, { } s) => s.Apply(x),
        (ProjectMilestoneSlipped x, { } s) => s.Apply(x),
        (ProjectChangeRequested x, { } s) => s.Apply(x),
        (ProjectChangeApproved x, { } s) => s.Apply(x),
        (ProjectChangeRejected x, { } s) => s.Apply(x),
        (ProjectRiskRaised x, { } s) => s.Apply(x),
        (ProjectRiskReassessed x, { } s) => s.Apply(x),
        (ProjectRiskRealised x, { } s) => s.Apply(x),
        (ProjectRiskClosed x, { } s) => s.Apply(x),
        (ProjectIssueRaised x, { } s) => s.Apply(x),
        (ProjectIssueResolved x, { } s) => s.Apply(x),
        (JointProjectClosed x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };

    private static IReadOnlyList<T> Each<T>(IReadOnlyList<T> items, Func<T, bool> which, Func<T, T> change) => [.. items.Select(i => which(i) ? change(i) : i)];
}

/// <summary>A milestone: its date as planned (at the start, or by an approved schedule change), its date in force after slips, and when it was reached.</summary>
/// <param name="MilestoneId">The milestone.</param>
/// <param name="Name">What it marks.</param>
/// <param name="PlannedOn">The date planned for it.</param>
/// <param name="DueOn">The date it is due now: the planned date, moved by each slip.</param>
/// <param name="ReachedOn">When it was reached.</param>
/// <param name="Slips">Each slip: from which date to which, why, and when it was known.</param>
public sealed record Milestone(Guid MilestoneId, string Name, DateOnly PlannedOn, DateOnly DueOn, DateOnly? ReachedOn, IReadOnlyList<MilestoneSlip> Slips);

/// <summary>A milestone slipped from one date to another, for a reason, known on <c>On</c>.</summary>
public sealed record MilestoneSlip(DateOnly From, DateOnly To, string Reason, DateOnly On);

/// <summary>A status report.</summary>
public sealed record StatusReport(DateOnly ReportedOn, Rag Rag, string Summary, string? NextSteps);

/// <summary>A change request and its decision.</summary>
/// <param name="ChangeRequestId">The change request.</param>
/// <param name="Kind">Budget, Schedule or Scope.</param>
/// <param name="Description">What would change.</param>
/// <param name="Reason">Why.</param>
/// <param name="NewBudget">The budget asked for (a budget change).</param>
/// <param name="MilestoneId">The milestone to move (a schedule change).</param>
/// <param name="NewDueOn">Its new date (a schedule change).</param>
/// <param name="ProposedByPersonId">Who proposed it.</param>
/// <param name="ProposedOn">When.</param>
/// <param name="LeadCheck">Our project lead's authority for it on that date.</param>
/// <param name="PendingApproverPersonId">Who it was routed to: the lead when within their authority (and not their own proposal), else the approver their grant names.</param>
/// <param name="Status">Proposed, Approved or Rejected.</param>
/// <param name="DecidedByPersonId">Who approved or rejected it.</param>
/// <param name="DecidedOn">When.</param>
/// <param name="ApproverCheck">The approver's authority check on the approval's date.</param>
/// <param name="DecisionNote">The approval's note or the rejection's reason.</param>
public sealed record ChangeRequest(
    Guid ChangeRequestId, ChangeKind Kind, string Description, string Reason, Money? NewBudget, Guid? MilestoneId, DateOnly? NewDueOn, string ProposedByPersonId,
    DateOnly ProposedOn, AuthorityCheck LeadCheck, string? PendingApproverPersonId, ChangeRequestStatus Status, string? DecidedByPersonId, DateOnly? DecidedOn,
    AuthorityCheck? ApproverCheck, string? DecisionNote);

/// <summary>A risk: how likely, how bad, whose, how mitigated, and what became of it.</summary>
public sealed record Risk(
    Guid RiskId, string Description, decimal Probability, RiskImpact Impact, string OwnerPersonId, string? Mitigation, RiskStatus Status, DateOnly RaisedOn,
    Guid? IssueId, DateOnly? ClosedOn, string? ClosedReason);

/// <summary>An issue: a problem being solved, whose, and how it was resolved.</summary>
public sealed record ProjectIssue(
    Guid IssueId, string Description, string OwnerPersonId, Guid? RiskId, DateOnly RaisedOn, DateOnly? ResolvedOn, string? Resolution);

/// <summary>Where a change request stands.</summary>
public enum ChangeRequestStatus
{
    /// <summary>Waiting for a decision.</summary>
    Proposed,

    /// <summary>Approved: in force.</summary>
    Approved,

    /// <summary>Rejected.</summary>
    Rejected,
}

/// <summary>Where a risk stands.</summary>
public enum RiskStatus
{
    /// <summary>Still a risk.</summary>
    Open,

    /// <summary>It happened: now an issue.</summary>
    Realised,

    /// <summary>It passed without happening.</summary>
    Closed,
}
