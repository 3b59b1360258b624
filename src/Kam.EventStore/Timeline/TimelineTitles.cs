using System.Text;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Timeline;

/// <summary>
/// The one place an account event becomes a short human-readable title. Titles are written when the entry is projected
/// (a rebuild rewrites them); an event type without a line here still gets a title from its name
/// (<c>CommitmentMade</c> reads "Commitment made"), so a new area shows up on the timeline before anyone words it.
/// </summary>
public static class TimelineTitles
{
    public const int MaxLength = 200;

    public static string For(IAccountEvent e) => Shorten(e switch
    {
        KeyAccountDesignated d => $"Designated a key account: {d.Name} ({d.Tier})",
        KeyAccountRenamed r => $"Renamed from {r.PreviousName} to {r.Name}",
        AccountDetailsCorrected c => $"Account details corrected: {c.Reason}",
        KeyAccountReclassified r => $"Reclassified from {r.PreviousTier} to {r.Tier}: {r.Reason}",
        AccountStatusChanged s => $"Status changed from {s.PreviousStatus} to {s.Status}: {s.Reason}",
        KeyAccountDesignationEnded x => $"Key-account designation ended: {x.Reason}",
        AccountManagerAssigned a => $"{a.PersonId} became the key account manager",
        AccountManagerHandedOver h => $"Account handed over from {h.FromPersonId} to {h.ToPersonId}",
        AccountManagerPositionVacated v => $"{v.PersonId} left the key account manager position: {v.Reason}",
        KamRoleOrganised k => $"KAM role organised: {k.PersonId} in a {k.Role.ToString().ToLowerInvariant()} role, {k.SalesSharePercent}% sales",
        AccountTeamMemberAdded t => $"{t.PersonId} joined the account team as {t.RoleName ?? t.Role.ToString()}",
        AccountTeamMemberRoleChanged t => $"{t.PersonId} moved from {t.PreviousRole} to {t.RoleName ?? t.Role.ToString()} on the account team",
        AccountTeamMemberRemoved t => $"{t.PersonId} left the account team",
        StakeholderAdded s => $"New stakeholder: {s.Profile.Name}, {s.Profile.Title}",
        StakeholderChanged s => $"Stakeholder changed: {s.Profile.Name}, {s.Profile.Title} ({s.Reason})",
        StakeholderLeftCustomer s => s.Reason is { Length: > 0 } reason ? $"A stakeholder left the customer: {reason}" : "A stakeholder left the customer",
        RelationshipLinkEstablished l => $"{l.PersonId} linked with a stakeholder ({l.Strength})",
        RelationshipLinkStrengthChanged l => $"Link of {l.PersonId} became {l.Strength} (was {l.PreviousStrength})",
        RelationshipLinkEnded l => $"Link of {l.PersonId} with a stakeholder ended",
        CompetitorNoted c => $"Competitor noted: {c.Name} ({c.Where})",
        CompetitorNoLongerPresent => "A competitor is no longer present",
        InteractionRecorded i => Interaction(i.Details),
        InteractionCorrected c => $"Interaction record corrected: {c.Details.Subject} ({c.Reason})",
        InteractionRetracted r => $"Interaction record retracted: {r.Details.Subject} ({r.Reason})",
        NoteRecorded n => $"Note from {n.AuthorPersonId}: {n.Text}",
        Commitments.CommitmentMade m => $"{m.MadeBy} promised: {m.Description}" + (m.DueOn is { } due ? $", due {due:yyyy-MM-dd}" : "")
            + (m.Check.Within ? "" : $" (beyond authority: to {m.Check.Approver ?? "an approver"})"),
        Commitments.CommitmentApproved a => $"Promise approved by {a.ApprovedBy}",
        Commitments.CommitmentRejected r => $"Promise rejected by {r.RejectedBy}: {r.Reason}",
        Commitments.CommitmentAmended a => $"Promise amended: {a.Reason}" + (a.DueOn is { } due ? $" (due {due:yyyy-MM-dd})" : ""),
        Commitments.CommitmentFulfilled f => $"Promise kept: {f.Evidence}",
        Commitments.CommitmentBroken b => $"Promise broken: {b.Reason}" + (b.CustomerInformed ? " (customer told)" : " (customer not told)"),
        Commitments.CommitmentWithdrawn w => $"Promise withdrawn: {w.Reason}",
        Commitments.CommitmentOwnerReassigned o => $"Promise passed from {o.PreviousOwner} to {o.Owner}",
        Commitments.CommitmentOwnershipAcknowledged o => $"{o.Owner} acknowledged an inherited promise",
        Commitments.CommitmentOwnershipKept o => $"Promise stays with {o.Owner}: {o.Reason}",
        Commitments.CommitmentBecameOverdue o => $"Promise overdue: due {o.DueOn:yyyy-MM-dd}",
        _ when Sales.SalesTitles.For(e) is { } sales => sales,
        _ when PlanAndProjectTitles.For(e) is { } title => title,
        Reviews.AccountReviewIssued r => $"Management review of {r.On:yyyy-MM-dd} issued (health formula version {r.FormulaVersion})",
        _ => Humanize(e.GetType().Name),
    });

    /// <summary>How an interaction reads on the timeline: "Meeting: Price review 2027, with Maria Korhonen and Olli Laine".</summary>
    public static string Interaction(InteractionDetails details)
    {
        var names = details.TheirParticipants.Select(p => p.Name).ToList();
        var with = names.Count switch
        {
            0 => "",
            1 => $", with {names[0]}",
            _ => $", with {string.Join(", ", names[..^1])} and {names[^1]}",
        };
        return Shorten($"{details.Kind}: {details.Subject}{with}");
    }

    /// <summary>"KeyAccountRenamed" reads "Key account renamed".</summary>
    public static string Humanize(string typeName)
    {
        var text = new StringBuilder(typeName.Length + 8);
        for (var i = 0; i < typeName.Length; i++)
        {
            var c = typeName[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(typeName[i - 1]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return text.ToString();
    }

    private static string Shorten(string title)
    {
        var line = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }
}

/// <summary>How account plan and joint project events read on the timeline (names of the customer's people are not copied into them).</summary>
public static class PlanAndProjectTitles
{
    public static string? For(IAccountEvent e) => e switch
    {
        Plans.AccountPlanDrafted d => $"Account plan drafted: {d.Content.Title} ({d.PeriodFrom:yyyy-MM-dd} to {d.PeriodTo:yyyy-MM-dd}, {d.Content.Objectives.Count} objectives)",
        Plans.AccountPlanRevised r => $"Account plan revised to version {r.PlanVersion}: {r.Reason}",
        Plans.PlanObjectiveAgreed a => $"A stakeholder agreed to a plan objective (version {a.PlanVersion})",
        Plans.AccountPlanSignedOff s => $"Account plan version {s.PlanVersion} signed off by {s.SignedOffByPersonId}",
        Plans.PlanActionCompleted => "Planned action done",
        Plans.PlanActionDropped d => $"Planned action dropped: {d.Reason}",
        Plans.PlanObjectiveProgressMeasured p => $"Progress measured on a plan objective: {p.Value}",
        Plans.AccountPlanClosed c => $"Account plan closed: {c.Reason}",
        Projects.JointProjectStarted s => $"Joint project started: {s.Name} (lead {s.LeadPersonId}, budget {s.Budget.Amount} {s.Budget.Currency})",
        Projects.ProjectStatusReported r => $"Project status {r.Rag}: {r.Summary}",
        Projects.ProjectMilestoneReached => "Project milestone reached",
        Projects.ProjectMilestoneSlipped s => $"Project milestone slipped from {s.PreviousDueOn:yyyy-MM-dd} to {s.DueOn:yyyy-MM-dd}: {s.Reason}",
        Projects.ProjectChangeRequested c => $"Project {c.Kind.ToString().ToLowerInvariant()} change proposed: {c.Description}",
        Projects.ProjectChangeApproved a => $"Project change approved by {a.ApprovedByPersonId}",
        Projects.ProjectChangeRejected r => $"Project change rejected by {r.RejectedByPersonId}: {r.Reason}",
        Projects.ProjectRiskRaised r => $"Project risk raised ({r.Impact}, probability {r.Probability}): {r.Description}",
        Projects.ProjectRiskReassessed r => $"Project risk reassessed ({r.Impact}, probability {r.Probability}): {r.Reason}",
        Projects.ProjectRiskRealised => "Project risk realised: now an issue",
        Projects.ProjectRiskClosed r => $"Project risk closed: {r.Reason}",
        Projects.ProjectIssueRaised i => $"Project issue raised: {i.Description}",
        Projects.ProjectIssueResolved i => $"Project issue resolved: {i.Resolution}",
        Projects.JointProjectClosed c => $"Joint project closed, {c.Outcome.ToString().ToLowerInvariant()}",
        _ => null,
    };
}
