using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.Interactions;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;

namespace Kam.EventStore.History;

/// <summary>
/// The whole account as the records stood after a prefix of its events, across every stream that belongs to it: the
/// status, the role history (KAM, team, stakeholders, links, competitors) and every commitment. Built by folding the
/// account's events in the order they were recorded (global sequence) with the read models' own code, so the view as of
/// an instant is what the read models said at that instant.
/// </summary>
public sealed class AccountView
{
    /// <summary>The account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>Global sequence of the last event folded in; 0 before any.</summary>
    public long Sequence { get; set; }

    /// <summary>The latest recorded time among the events folded in; null before any.</summary>
    public DateTimeOffset? RecordedUpTo { get; set; }

    /// <summary>The latest business time among the events folded in; null before any.</summary>
    public DateTimeOffset? BusinessUpTo { get; set; }

    /// <summary>How many of the account's events (from all its streams) are folded in.</summary>
    public int EventCount { get; set; }

    /// <summary>The account stream's version.</summary>
    public long Version { get; set; }

    /// <summary>The account status; null before the account was designated.</summary>
    public AccountStatus? Status { get; set; }

    /// <summary>The account's role history.</summary>
    public AccountRoles? Roles { get; set; }

    /// <summary>Every commitment made to the account, open or closed, by id.</summary>
    public SortedDictionary<Guid, Commitment> Commitments { get; set; } = [];

    /// <summary>The account's sales: revenue budgets and actuals, opportunities, negotiations (null before the designation).</summary>
    public AccountSales? Sales { get; set; }

    /// <summary>Every account plan (each with all its versions) and joint development project of the account, by id.</summary>
    public PlansAndProjects PlansAndProjects { get; set; } = new();

    /// <summary>Every account plan of the account, by id.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SortedDictionary<Guid, AccountPlan> Plans => PlansAndProjects.Plans;

    /// <summary>Every joint development project of the account, by id.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SortedDictionary<Guid, Project> Projects => PlansAndProjects.Projects;

    /// <summary>The account's latest contact: what the health score's recency is measured from (bounded, whatever the number of interactions).</summary>
    public LatestContacts Contacts { get; set; } = new();

    public static AccountView Empty(Guid accountId) => new() { AccountId = accountId };
}

/// <summary>
/// The account's newest live (recorded, not retracted) interactions, by when they happened: at most <see cref="Keep"/>, the others
/// only counted (each happened no later than every one kept). The last contact is the first kept one; it is unknown only when
/// every kept one was retracted while older ones remain, which takes <see cref="Keep"/> retractions of the newest in a row.
/// </summary>
public sealed class LatestContacts
{
    /// <summary>How many of the newest live interactions are kept.</summary>
    public const int Keep = 8;

    /// <summary>The newest live interactions (id and when they happened), newest first.</summary>
    public List<ContactAt> Newest { get; set; } = [];

    /// <summary>Live interactions not kept.</summary>
    public int Older { get; set; }

    /// <summary>When the last live interaction happened; null when there is none, or it is not known (see the class).</summary>
    public DateTimeOffset? Last => Newest.Count > 0 ? Newest[0].HappenedAt : null;

    /// <summary>True when live interactions exist but none is kept.</summary>
    public bool LastUnknown => Newest.Count == 0 && Older > 0;

    public void Add(Guid id, DateTimeOffset happenedAt)
    {
        // An interaction older than every one kept, while others are only counted, is counted too: it cannot be the last.
        if (Older > 0 && Newest.Count > 0 && happenedAt < Newest[^1].HappenedAt)
        {
            Older++;
            return;
        }

        var at = Newest.FindIndex(c => c.HappenedAt < happenedAt || (c.HappenedAt == happenedAt && c.InteractionId.CompareTo(id) < 0));
        Newest.Insert(at < 0 ? Newest.Count : at, new ContactAt(id, happenedAt));
        if (Newest.Count > Keep)
        {
            Newest.RemoveAt(Newest.Count - 1);
            Older++;
        }
    }

    public void Remove(Guid id)
    {
        if (Newest.RemoveAll(c => c.InteractionId == id) == 0 && Older > 0)
        {
            Older--;
        }
    }
}

/// <summary>A live interaction and when it happened.</summary>
public sealed record ContactAt(Guid InteractionId, DateTimeOffset HappenedAt);

/// <summary>The fold behind every past view of an account: pure, and the same code as the read models'.</summary>
public static class AccountViews
{
    /// <summary>
    /// The shape of <see cref="AccountView"/>. Raise it whenever the fold's result changes (a new field, a changed rule):
    /// checkpoints of another shape are ignored and the checkpoint projection, renamed by it, is rebuilt by the daemon.
    /// </summary>
    public const uint Shape = 5;

    private static readonly AccountStatusProjection StatusFold = new();
    private static readonly AccountRolesProjection RolesFold = new();

    /// <summary>Folds one event into the view (events of other accounts, or none of an account, are ignored).</summary>
    public static AccountView Apply(AccountView view, IEvent e)
    {
        if (e.Data is not IAccountEvent fact || fact.AccountId != view.AccountId)
        {
            return view;
        }

        view.EventCount++;
        view.Sequence = e.Sequence;
        if (view.RecordedUpTo is null || e.Timestamp > view.RecordedUpTo)
        {
            view.RecordedUpTo = e.Timestamp;
        }

        var businessTime = BusinessTime.Of(fact);
        if (view.BusinessUpTo is null || businessTime > view.BusinessUpTo)
        {
            view.BusinessUpTo = businessTime;
        }

        // The sales fold reads the account's own facts (KAM, tier) as well as the sales streams', so it sees every event.
        view.Sales = AccountSalesFold.Apply(view.Sales, e);
        Contact(view.Contacts, e.Data);
        if (e.StreamId == view.AccountId)
        {
            view.Version = e.Version;
            view.Status = StatusFold.Evolve(view.Status, view.AccountId, e);
            view.Roles = RolesFold.Evolve(view.Roles, view.AccountId, e);
            view.Status?.Version = e.Version;
            view.Roles?.Version = e.Version;
        }
        else if (Commitment.Advance(view.Commitments.GetValueOrDefault(e.StreamId), e.Data) is { } commitment)
        {
            // Interaction and note streams never start a commitment, so they fall through here.
            commitment.Version = e.Version;
            view.Commitments[e.StreamId] = commitment;
        }
        else
        {
            view.PlansAndProjects.Apply(e);
        }

        return view;
    }

    // An interaction counts as contact from when it happened, as its latest reading has it, until it is retracted.
    private static void Contact(LatestContacts contacts, object e)
    {
        switch (e)
        {
            case InteractionRecorded x:
                contacts.Add(x.InteractionId, x.OccurredAt);
                break;
            case InteractionCorrected x:
                contacts.Remove(x.InteractionId);
                contacts.Add(x.InteractionId, x.HappenedAt);
                break;
            case InteractionRetracted x:
                contacts.Remove(x.InteractionId);
                break;
        }
    }

    /// <summary>Folds events, in the order given, into the view.</summary>
    public static AccountView Fold(AccountView view, IEnumerable<IEvent> events) => events.Aggregate(view, Apply);

    /// <summary>
    /// The view exactly as recorded by <paramref name="asOf"/>: every event of the account recorded by then, none later; with
    /// <paramref name="on"/>, only the facts dated by then.
    /// </summary>
    public static AccountView Naive(Guid accountId, IEnumerable<IEvent> events, DateTimeOffset asOf, DateOnly? on = null) =>
        OnDate(Fold(AccountView.Empty(accountId), events.Where(e => e.Timestamp <= asOf && (on is null || BusinessTime.DateOf(e.Data) <= on)).OrderBy(e => e.Sequence)), on);

    /// <summary>
    /// A view of the facts dated by <paramref name="on"/> as they stood on that date: each open commitment overdue when the date
    /// was after its due date in force then. The view itself is unchanged when no date is given.
    /// </summary>
    public static AccountView OnDate(AccountView view, DateOnly? on)
    {
        if (on is { } date)
        {
            foreach (var (id, commitment) in view.Commitments.ToList())
            {
                view.Commitments[id] = commitment.On(date);
            }
        }

        return view;
    }
}

/// <summary>The account plans and joint development projects in an <see cref="AccountView"/>: their own fold, the write models' own code.</summary>
public sealed class PlansAndProjects
{
    /// <summary>Every account plan, by id.</summary>
    public SortedDictionary<Guid, AccountPlan> Plans { get; set; } = [];

    /// <summary>Every joint development project, by id.</summary>
    public SortedDictionary<Guid, Project> Projects { get; set; } = [];

    /// <summary>One event of a plan or project stream (any other event leaves both as they are).</summary>
    public void Apply(IEvent e)
    {
        if (AccountPlan.Advance(Plans.GetValueOrDefault(e.StreamId), e.Data) is { } plan)
        {
            plan.Version = e.Version;
            Plans[e.StreamId] = plan;
        }
        else if (Project.Advance(Projects.GetValueOrDefault(e.StreamId), e.Data) is { } project)
        {
            project.Version = e.Version;
            Projects[e.StreamId] = project;
        }
    }
}
