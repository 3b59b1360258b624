using JasperFx.Events;
using Kam.EventStore.Accounts;
using Marten.Events.Aggregation;

namespace Kam.EventStore.Relationships;

/// <summary>
/// The role history of an account as dated intervals: who was its KAM (and how the role was organised), who sat on
/// the account team, who the customer's stakeholders were and what we knew of them, who was linked to whom, and
/// which competitors were present. Each interval runs from <c>from</c> (inclusive) to <c>to</c> (exclusive; null while
/// it lasts), so any past date's view is a filter over this one document, not a replay.
/// </summary>
public sealed class AccountRoles
{
    /// <summary>The account id.</summary>
    public Guid Id { get; set; }

    /// <summary>The account stream version this history reflects.</summary>
    /// <remarks>
    /// Set by the fold to the version of the last role fact (Marten's own setting would take the stream's version when the
    /// document is built inline and the last event's when rebuilt); reads show the stream's version.
    /// </remarks>
    [JasperFx.Core.JasperFxIgnore]
    public long Version { get; set; }

    /// <summary>Account managers, in order.</summary>
    public List<ManagerTerm> Managers { get; set; } = [];

    /// <summary>How the KAM role was organised, in order.</summary>
    public List<KamRoleTerm> KamRole { get; set; } = [];

    /// <summary>Account team seats; a role change closes one interval and opens the next.</summary>
    public List<TeamTerm> Team { get; set; } = [];

    /// <summary>Stakeholder profiles; each change closes one interval and opens the next.</summary>
    public List<StakeholderTerm> Stakeholders { get; set; } = [];

    /// <summary>Relationship links; a strength change closes one interval and opens the next.</summary>
    public List<LinkTerm> Links { get; set; } = [];

    /// <summary>Competitor presences.</summary>
    public List<CompetitorTerm> Competitors { get; set; } = [];
}

/// <summary>One of our people held the account's KAM role.</summary>
/// <param name="PersonId">The KAM.</param>
/// <param name="From">First day.</param>
/// <param name="To">First day no longer held; null while held.</param>
/// <param name="HandoverNoteReceived">The note the previous KAM passed on, when it came by handover.</param>
/// <param name="EndedBy">How it ended: Handover or Vacancy.</param>
public sealed record ManagerTerm(string PersonId, DateOnly From, DateOnly? To, string? HandoverNoteReceived, string? EndedBy) : IDated;

/// <summary>How the KAM role was organised over an interval.</summary>
public sealed record KamRoleTerm(
    string PersonId, KamRoleKind Role, string? ManagerPersonId, int SalesSharePercent, IReadOnlyList<string> DirectReports,
    DateOnly From, DateOnly? To) : IDated;

/// <summary>A seat on the account team over an interval.</summary>
public sealed record TeamTerm(string PersonId, TeamRole Role, string? RoleName, DateOnly From, DateOnly? To) : IDated;

/// <summary>
/// A stakeholder's profile over an interval; <c>Left</c> is true on the interval closed by their departure, <c>Erased</c>
/// once their personal data was erased (the profile then reads "Erased stakeholder").
/// </summary>
public sealed record StakeholderTerm(
    Guid StakeholderId, StakeholderProfile Profile, DateOnly From, DateOnly? To, string? ChangeReason, bool Left, bool Erased = false) : IDated;

/// <summary>A relationship link's strength over an interval.</summary>
public sealed record LinkTerm(string PersonId, Guid StakeholderId, LinkStrength Strength, DateOnly From, DateOnly? To) : IDated;

/// <summary>A competitor's presence at the customer over an interval.</summary>
public sealed record CompetitorTerm(Guid CompetitorId, string Name, string Where, DateOnly From, DateOnly? To) : IDated;

/// <summary>Anything that holds over a half-open date interval.</summary>
public interface IDated
{
    DateOnly From { get; }

    DateOnly? To { get; }
}

public static class Dated
{
    /// <summary>True when the interval holds on <paramref name="date"/>.</summary>
    public static bool HoldsOn(this IDated term, DateOnly date) => term.From <= date && (term.To is null || date < term.To);

    /// <summary>The terms that hold on <paramref name="date"/>.</summary>
    public static IEnumerable<T> On<T>(this IEnumerable<T> terms, DateOnly date) where T : IDated => terms.Where(t => t.HoldsOn(date));
}

/// <summary>Builds <see cref="AccountRoles"/> from the account stream. Never reads the clock.</summary>
public sealed partial class AccountRolesProjection : SingleStreamProjection<AccountRoles, Guid>
{
    /// <summary>
    /// Only the facts that move the role history reach the stored document: a status change or a rename neither loads nor
    /// writes it. Its own <c>Version</c> is then the account version of its last role fact; reads show the stream's version
    /// (<c>GetAccountRolesEndpoint.LoadAsync</c>), as the whole-account view does.
    /// </summary>
    public AccountRolesProjection()
    {
        foreach (var type in Steps.Folded)
        {
            IncludeType(type);
        }
    }

    /// <summary>
    /// One event onto the role history. Explicit rather than by convention so the whole-account history
    /// (History/AccountView) folds events with exactly this code.
    /// </summary>
    public override AccountRoles? Evolve(AccountRoles? snapshot, Guid id, IEvent e)
    {
        if (snapshot is null && e.Data is not KeyAccountDesignated)
        {
            return null;
        }

        if (!Steps.Folded.Contains(e.Data.GetType()))
        {
            return snapshot;
        }

        var roles = Steps.Apply(e.Data, snapshot!);
        roles.Version = e.Version;
        return roles;
    }

    /// <summary>What the role history folds, and the account events it deliberately leaves alone.</summary>
    public static readonly FoldSteps<AccountRoles> Steps = new FoldSteps<AccountRoles>()
        .On<KeyAccountDesignated>((e, _) => Designated(e))
        .On<AccountManagerAssigned>(On)
        .On<AccountManagerHandedOver>(On)
        .On<AccountManagerPositionVacated>(On)
        .On<KamRoleOrganised>(On)
        .On<AccountTeamMemberAdded>(On)
        .On<AccountTeamMemberRoleChanged>(On)
        .On<AccountTeamMemberRemoved>(On)
        .On<StakeholderAdded>(On)
        .On<StakeholderChanged>(On)
        .On<StakeholderLeftCustomer>(On)
        .On<StakeholderPersonalDataErased>(On)
        .On<RelationshipLinkEstablished>(On)
        .On<RelationshipLinkStrengthChanged>(On)
        .On<RelationshipLinkEnded>(On)
        .On<CompetitorNoted>(On)
        .On<CompetitorNoLongerPresent>(On)
        // The account's own details and health are not roles; the others are on streams of their own.
        .Ignore<KeyAccountRenamed>()
        .Ignore<AccountDetailsCorrected>()
        .Ignore<KeyAccountReclassified>()
        .Ignore<AccountStatusChanged>()
        .Ignore<KeyAccountDesignationEnded>()
        .Ignore<IOwnStreamEvent>();

    private static AccountRoles Designated(KeyAccountDesignated e) => new() { Id = e.AccountId };

    private static void On(AccountManagerAssigned e, AccountRoles view) =>
        view.Managers.Add(new ManagerTerm(e.PersonId, e.EffectiveOn, null, null, null));

    private static void On(AccountManagerHandedOver e, AccountRoles view)
    {
        Close(view.Managers, t => t.To is null, t => t with { To = e.EffectiveOn, EndedBy = "Handover" });
        Close(view.KamRole, t => t.To is null, t => t with { To = e.EffectiveOn });
        view.Managers.Add(new ManagerTerm(e.ToPersonId, e.EffectiveOn, null, e.HandoverNote, null));
    }

    private static void On(AccountManagerPositionVacated e, AccountRoles view)
    {
        Close(view.Managers, t => t.To is null, t => t with { To = e.EffectiveOn, EndedBy = "Vacancy" });
        Close(view.KamRole, t => t.To is null, t => t with { To = e.EffectiveOn });
    }

    private static void On(KamRoleOrganised e, AccountRoles view)
    {
        Close(view.KamRole, t => t.To is null, t => t with { To = e.EffectiveOn });
        view.KamRole.Add(new KamRoleTerm(e.PersonId, e.Role, e.ManagerPersonId, e.SalesSharePercent, e.DirectReports, e.EffectiveOn, null));
    }

    private static void On(AccountTeamMemberAdded e, AccountRoles view) =>
        view.Team.Add(new TeamTerm(e.PersonId, e.Role, e.RoleName, e.EffectiveOn, null));

    private static void On(AccountTeamMemberRoleChanged e, AccountRoles view)
    {
        Close(view.Team, t => t.PersonId == e.PersonId && t.To is null, t => t with { To = e.EffectiveOn });
        view.Team.Add(new TeamTerm(e.PersonId, e.Role, e.RoleName, e.EffectiveOn, null));
    }

    private static void On(AccountTeamMemberRemoved e, AccountRoles view) =>
        Close(view.Team, t => t.PersonId == e.PersonId && t.To is null, t => t with { To = e.EffectiveOn });

    private static void On(StakeholderAdded e, AccountRoles view) =>
        view.Stakeholders.Add(new StakeholderTerm(e.StakeholderId, e.Profile, e.EffectiveOn, null, null, false));

    private static void On(StakeholderChanged e, AccountRoles view)
    {
        Close(view.Stakeholders, t => t.StakeholderId == e.StakeholderId && t.To is null, t => t with { To = e.EffectiveOn });
        view.Stakeholders.Add(new StakeholderTerm(e.StakeholderId, e.Profile, e.EffectiveOn, null, e.Reason, false));
    }

    private static void On(StakeholderLeftCustomer e, AccountRoles view) =>
        Close(view.Stakeholders, t => t.StakeholderId == e.StakeholderId && t.To is null, t => t with { To = e.EffectiveOn, Left = true });

    private static void On(StakeholderPersonalDataErased e, AccountRoles view) =>
        Rewrite(view.Stakeholders, t => t.StakeholderId == e.StakeholderId,
            t => t with { Profile = t.Profile.Erase(), ChangeReason = StakeholderPersonalData.EraseNote(t.ChangeReason), Erased = true });

    private static void On(RelationshipLinkEstablished e, AccountRoles view) =>
        view.Links.Add(new LinkTerm(e.PersonId, e.StakeholderId, e.Strength, e.EffectiveOn, null));

    private static void On(RelationshipLinkStrengthChanged e, AccountRoles view)
    {
        Close(view.Links, t => t.PersonId == e.PersonId && t.StakeholderId == e.StakeholderId && t.To is null, t => t with { To = e.EffectiveOn });
        view.Links.Add(new LinkTerm(e.PersonId, e.StakeholderId, e.Strength, e.EffectiveOn, null));
    }

    private static void On(RelationshipLinkEnded e, AccountRoles view) =>
        Close(view.Links, t => t.PersonId == e.PersonId && t.StakeholderId == e.StakeholderId && t.To is null, t => t with { To = e.EffectiveOn });

    private static void On(CompetitorNoted e, AccountRoles view) =>
        view.Competitors.Add(new CompetitorTerm(e.CompetitorId, e.Name, e.Where, e.EffectiveOn, null));

    private static void On(CompetitorNoLongerPresent e, AccountRoles view) =>
        Close(view.Competitors, t => t.CompetitorId == e.CompetitorId && t.To is null, t => t with { To = e.EffectiveOn });

    private static void Close<T>(List<T> terms, Func<T, bool> open, Func<T, T> close) => Rewrite(terms, open, close);

    private static void Rewrite<T>(List<T> terms, Func<T, bool> which, Func<T, T> rewrite)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            if (which(terms[i]))
            {
                terms[i] = rewrite(terms[i]);
            }
        }
    }
}
