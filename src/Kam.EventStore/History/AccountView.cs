using JasperFx.Events;
using Kam.EventStore.Commitments;
using Kam.EventStore.Interactions;
using Kam.EventStore.Plans;
using Kam.EventStore.Portfolio;
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

    /// <summary>The account's contact and promises in numbers, as the status shows them (the same fold as the stored tallies).</summary>
    public AccountActivity Activity { get; set; } = new();

    public static AccountView Empty(Guid accountId) => new() { AccountId = accountId, Activity = new AccountActivity { Id = accountId } };
}

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

        AccountActivities.Apply(view.Activity, e);
        return view;
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
