using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Marten.Events.Aggregation;

namespace Kam.EventStore.Portfolio;

/// <summary>
/// The current status of a key account as dashboards show it: its details, tier, relationship health and
/// whether it is still a key account. Built inline with every write, so a read right after a write sees it.
/// </summary>
public sealed class AccountStatus
{
    /// <summary>The account id (also its stream id).</summary>
    public Guid Id { get; set; }

    /// <summary>The customer's current name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-cased name: the sort and keyset-paging key of account lists.</summary>
    public string NameKey { get; set; } = "";

    /// <summary>The customer's registry id (business id or VAT id) as recorded.</summary>
    public string RegistryId { get; set; } = "";

    /// <summary>The registry id normalised for uniqueness (upper case, no separators).</summary>
    public string RegistryKey { get; set; } = "";

    /// <summary>Industry or segment.</summary>
    public string Segment { get; set; } = "";

    /// <summary>Tier in the key-account portfolio.</summary>
    public AccountTier Tier { get; set; }

    /// <summary>The key-account criteria the customer meets.</summary>
    public IReadOnlyList<string> CriteriaMet { get; set; } = [];

    /// <summary>The date the customer was designated a key account.</summary>
    public DateOnly DesignatedOn { get; set; }

    /// <summary>Revenue budgeted on the account.</summary>
    public Money RevenueBudget { get; set; } = new(0, "EUR");

    /// <summary>Judged health of the relationship.</summary>
    public AccountHealth Status { get; set; }

    /// <summary>Why the status was last changed (null while it is the initial <c>Active</c>).</summary>
    public string? StatusReason { get; set; }

    /// <summary>Business time since when the current status holds.</summary>
    public DateTimeOffset StatusSince { get; set; }

    /// <summary>True once the key-account designation has ended; the account then accepts no changes.</summary>
    public bool DesignationEnded { get; set; }

    /// <summary>The date the designation ended.</summary>
    public DateOnly? EndedOn { get; set; }

    /// <summary>Why the designation ended.</summary>
    public string? EndReason { get; set; }

    /// <summary>The current key account manager's person id; null while the position is vacant.</summary>
    public string? AccountManager { get; set; }

    /// <summary>The date the current KAM took the account over.</summary>
    public DateOnly? AccountManagerSince { get; set; }

    /// <summary>How many of our people are on the account team.</summary>
    public int TeamSize { get; set; }

    /// <summary>How many of the customer's stakeholders we know (those who have not left).</summary>
    public int StakeholderCount { get; set; }

    /// <summary>Business time of the latest fact about the account.</summary>
    public DateTimeOffset LastOccurredAt { get; set; }

    /// <summary>Who recorded the latest fact.</summary>
    public string LastRecordedBy { get; set; } = "";

    /// <summary>The stream version this view reflects; send it back as the expected version of a write.</summary>
    public long Version { get; set; }

    /// <summary>
    /// The account's commitments in numbers. Computed from the commitment register when the status is read (commitments
    /// are streams of their own), so it is never stale; not stored with the document.
    /// </summary>
    public CommitmentSummary? Commitments { get; set; }

    /// <summary>
    /// Contact with the customer: the last interaction, how many in the last 30 and 90 days, and how many different
    /// stakeholders and which organisation levels interactions reached. Filled when read (interactions live on streams of
    /// their own, and "the last 30 days" moves with the clock); not stored with the status.
    /// </summary>
    public InteractionActivity? Interactions { get; set; }

    /// <summary>
    /// The results of the current budget period (the fiscal year containing the date the status is of): budget, actual,
    /// attainment and forecast. Computed from the account's sales when the status is read (they are streams of their own, and
    /// the forecast weights follow configuration); not stored with the status. Null when no budget covers the date.
    /// </summary>
    public Sales.SalesSummary? Sales { get; set; }

    /// <summary>
    /// The account's health band today under the formula version in force (in lists; the whole-account view and
    /// <c>GET /api/accounts/{accountId}/health</c> give the score and why). Filled when read; not stored with the status.
    /// </summary>
    public HealthBandToday? Health { get; set; }
}

/// <summary>An account's health band on the date a list is of.</summary>
/// <param name="Band">The band; null when no signal of the formula applies to the account.</param>
/// <param name="Rank">The band's position from the lowest scores (0) up.</param>
/// <param name="FormulaVersion">The formula version it is of.</param>
public sealed record HealthBandToday(string? Band, int? Rank, int FormulaVersion);

/// <summary>An account's commitments in numbers.</summary>
/// <param name="Open">In force or pending approval.</param>
/// <param name="Overdue">Open and past their due date.</param>
/// <param name="PendingApproval">Waiting for an approver.</param>
/// <param name="Fulfilled">Kept.</param>
/// <param name="Broken">Broken or missed.</param>
/// <param name="FulfilledOnTimeShare">Of the commitments that ended kept or broken, the share kept by their due date (0-1); null before any ended.</param>
public sealed record CommitmentSummary(int Open, int Overdue, int PendingApproval, int Fulfilled, int Broken, decimal? FulfilledOnTimeShare);

/// <summary>Builds <see cref="AccountStatus"/> from the account's stream. Never reads the clock.</summary>
public sealed partial class AccountStatusProjection : SingleStreamProjection<AccountStatus, Guid>
{
    /// <summary>
    /// One event onto the status. Explicit rather than by convention so the whole-account history (History/AccountView)
    /// folds events with exactly this code. Events the status does not know leave it as it is.
    /// </summary>
    public override AccountStatus? Evolve(AccountStatus? snapshot, Guid id, IEvent e) =>
        snapshot is null && e.Data is not KeyAccountDesignated ? null : Steps.Apply(e.Data, snapshot!);

    /// <summary>What the status folds, and the account events it deliberately leaves alone.</summary>
    public static readonly FoldSteps<AccountStatus> Steps = new FoldSteps<AccountStatus>()
        .On<KeyAccountDesignated>((e, _) => Designated(e))
        .On<KeyAccountRenamed>(On)
        .On<AccountDetailsCorrected>(On)
        .On<KeyAccountReclassified>(On)
        .On<AccountStatusChanged>(On)
        .On<KeyAccountDesignationEnded>(On)
        .On<AccountManagerAssigned>(On)
        .On<AccountManagerHandedOver>(On)
        .On<AccountManagerPositionVacated>(On)
        .On<AccountTeamMemberAdded>(On)
        .On<AccountTeamMemberRemoved>(On)
        .On<StakeholderAdded>(On)
        .On<StakeholderLeftCustomer>(On)
        // They do not change the status, but they are the account's latest facts.
        .On<KamRoleOrganised>(Touch)
        .On<AccountTeamMemberRoleChanged>(Touch)
        .On<StakeholderChanged>(Touch)
        .On<RelationshipLinkEstablished>(Touch)
        .On<RelationshipLinkStrengthChanged>(Touch)
        .On<RelationshipLinkEnded>(Touch)
        .On<CompetitorNoted>(Touch)
        .On<CompetitorNoLongerPresent>(Touch)
        // An erasure masks data; it is not a fact about the relationship. The others are on streams of their own, counted at read time.
        .Ignore<StakeholderPersonalDataErased>()
        .Ignore<IOwnStreamEvent>();

    private static AccountStatus Designated(KeyAccountDesignated e) => new()
    {
        Id = e.AccountId,
        Name = e.Name,
        NameKey = AccountNames.SortKey(e.Name),
        RegistryId = e.RegistryId,
        RegistryKey = RegistryIds.Normalize(e.RegistryId),
        Segment = e.Segment,
        Tier = e.Tier,
        CriteriaMet = e.CriteriaMet,
        DesignatedOn = e.DesignatedOn,
        RevenueBudget = e.RevenueBudget,
        Status = AccountHealth.Active,
        StatusSince = e.OccurredAt,
        LastOccurredAt = e.OccurredAt,
        LastRecordedBy = e.By,
    };

    private static void On(KeyAccountRenamed e, AccountStatus view)
    {
        view.Name = e.Name;
        view.NameKey = AccountNames.SortKey(e.Name);
        Touch(view, e);
    }

    private static void On(AccountDetailsCorrected e, AccountStatus view)
    {
        if (e.Name is not null)
        {
            view.Name = e.Name;
            view.NameKey = AccountNames.SortKey(e.Name);
        }

        if (e.RegistryId is not null)
        {
            view.RegistryId = e.RegistryId;
            view.RegistryKey = RegistryIds.Normalize(e.RegistryId);
        }

        view.Segment = e.Segment ?? view.Segment;
        view.CriteriaMet = e.CriteriaMet ?? view.CriteriaMet;
        view.DesignatedOn = e.DesignatedOn ?? view.DesignatedOn;
        view.RevenueBudget = e.RevenueBudget ?? view.RevenueBudget;
        Touch(view, e);
    }

    private static void On(KeyAccountReclassified e, AccountStatus view)
    {
        view.Tier = e.Tier;
        Touch(view, e);
    }

    private static void On(AccountStatusChanged e, AccountStatus view)
    {
        view.Status = e.Status;
        view.StatusReason = e.Reason;
        view.StatusSince = e.OccurredAt;
        Touch(view, e);
    }

    private static void On(KeyAccountDesignationEnded e, AccountStatus view)
    {
        view.DesignationEnded = true;
        view.EndedOn = e.EndedOn;
        view.EndReason = e.Reason;
        Touch(view, e);
    }

    private static void On(AccountManagerAssigned e, AccountStatus view)
    {
        view.AccountManager = e.PersonId;
        view.AccountManagerSince = e.EffectiveOn;
        Touch(view, e);
    }

    private static void On(AccountManagerHandedOver e, AccountStatus view)
    {
        view.AccountManager = e.ToPersonId;
        view.AccountManagerSince = e.EffectiveOn;
        Touch(view, e);
    }

    private static void On(AccountManagerPositionVacated e, AccountStatus view)
    {
        view.AccountManager = null;
        view.AccountManagerSince = null;
        Touch(view, e);
    }

    private static void On(AccountTeamMemberAdded e, AccountStatus view)
    {
        view.TeamSize++;
        Touch(view, e);
    }

    private static void On(AccountTeamMemberRemoved e, AccountStatus view)
    {
        view.TeamSize--;
        Touch(view, e);
    }

    private static void On(StakeholderAdded e, AccountStatus view)
    {
        view.StakeholderCount++;
        Touch(view, e);
    }

    private static void On(StakeholderLeftCustomer e, AccountStatus view)
    {
        view.StakeholderCount--;
        Touch(view, e);
    }

    private static void Touch(IAccountEvent e, AccountStatus view) => Touch(view, e);

    // Backdated facts must not move "latest" backwards.
    private static void Touch(AccountStatus view, IAccountEvent e)
    {
        if (e.OccurredAt > view.LastOccurredAt)
        {
            view.LastOccurredAt = e.OccurredAt;
        }

        view.LastRecordedBy = e.By;
    }
}
