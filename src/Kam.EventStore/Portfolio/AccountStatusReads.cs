using System.Text;
using Kam.EventStore.Accounts;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.Sales;
using Marten;
using Npgsql;

namespace Kam.EventStore.Portfolio;

/// <summary>
/// The one loader of the account status, now or as recorded at an instant. Both are the same fold shown at an instant: the
/// status (<see cref="AccountStatusProjection"/>) and its contact and promise tallies (<see cref="AccountActivities"/>). Now
/// they are the stored documents, which that fold keeps at the tip as events arrive (one statement reads both); at a past
/// instant they come from the account's view then (History/AccountViewReads: the nearest checkpoint and the events after
/// it), and for a business date the facts dated by then. Either way <see cref="Show"/> applies the instant: "the last 30 days"
/// are counted back from it. The status now also carries the sales of today (<c>SalesSummary</c>), from the stored sales
/// document read in the same statement.
/// </summary>
public static class AccountStatusReads
{
    /// <summary>The stored status, the figures of its tallies, its sales and its health row, as the now path reads them.</summary>
    /// <param name="Health">The account's health row (its band's schedule; kept by the daemon), null before the daemon wrote it.</param>
    /// <param name="Marks">Which stored documents these are (<see cref="StatusAnswers"/> keeps the answer shown from them).</param>
    public sealed record Stored(
        AccountStatus Status, ActivityFigures? Activity, AccountSales? Sales, Health.AccountHealthRow? Health = null, StoredMarks? Marks = null);

    /// <summary>
    /// The versions of the stored documents a status now is shown from, read in the same statement as the documents: the
    /// status's (its stream version and when it was written), its tallies', its sales' and its health row's (Marten gives a
    /// document a new <c>mt_version</c> each time it is written); null for a document that does not exist.
    /// </summary>
    public sealed record StoredMarks(long Status, DateTimeOffset StatusWritten, Guid? Activity, Guid? Sales, Guid? Health = null);

    /// <summary>
    /// The status of the account now (no <paramref name="asOf"/>, no <paramref name="on"/>), as recorded by <paramref name="asOf"/>,
    /// and with <paramref name="on"/> as the facts dated by that business date stood; null when it was not designated by then.
    /// </summary>
    public static async Task<AccountStatus?> LoadAsync(
        IQuerySession session, Guid accountId, DateTimeOffset? asOf, DateOnly? on, DateTimeOffset now, StageProbabilities probabilities,
        CancellationToken cancellation)
    {
        if (asOf is null && on is null)
        {
            return (await NowAsync(session, accountId, now, probabilities, cancellation))?.Status;
        }

        var instant = PastViews.Instant(asOf, now);
        var view = await AccountViewReads.AsOfAsync(session, accountId, instant, cancellation, on);
        return view is null ? null : await ShowAsync(session, view, instant, on, probabilities, cancellation);
    }

    /// <summary>The status now, with the stored documents it is shown from; null when the account does not exist.</summary>
    public static async Task<(AccountStatus Status, Stored Stored)?> NowAsync(
        IQuerySession session, Guid accountId, DateTimeOffset now, StageProbabilities probabilities, CancellationToken cancellation)
    {
        var stored = await session.QueryAsync<Stored>(Statements(session).One, cancellation, accountId);
        if (stored.Count == 0)
        {
            return null;
        }

        var status = await ShowNowAsync(session, stored[0].Status, stored[0].Activity, now, cancellation);
        status.Sales = SalesSummary.Of(stored[0].Sales, BusinessTime.Today(now), probabilities);
        return (status, stored[0]);
    }

    /// <summary>
    /// The status a past view shows: at its instant, or with <paramref name="on"/> at the end of that business date (its figures
    /// then count back from there, and its commitments stand as they did that day); with the sales of that date.
    /// </summary>
    public static async Task<AccountStatus> ShowAsync(
        IQuerySession session, AccountView view, DateTimeOffset instant, DateOnly? on, StageProbabilities? probabilities, CancellationToken cancellation)
    {
        var shownAt = on is { } date ? BusinessTime.EndOf(date) : instant;
        var status = await ShowAsync(session, view.Status!, view.Activity, shownAt, on, instant, cancellation);
        if (probabilities is not null)
        {
            status.Sales = SalesSummary.Of(view.Sales, on ?? PastViews.DateOf(instant), probabilities);
        }

        return status;
    }

    /// <summary>The statuses now of the accounts among <paramref name="accountIds"/> that exist, as <c>NowAsync</c> for one account shows each.</summary>
    public static async Task<IReadOnlyList<(AccountStatus Status, Stored Stored)>> NowAsync(
        IQuerySession session, Guid[] accountIds, DateTimeOffset now, StageProbabilities probabilities, CancellationToken cancellation)
    {
        // Straight on Npgsql with a typed array: Marten's QueryAsync compiles new code for an array parameter on every call
        // (Hosting/WarmRequestTests found it).
        var stored = new List<Stored>(accountIds.Length);
        await using (var command = new NpgsqlCommand(Store.SqlText.Positional(Statements(session).Many)))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = accountIds });
            await using var reader = await session.ExecuteReaderAsync(command, cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                stored.Add(await session.DocumentStore.Options.Serializer().FromJsonAsync<Stored>(reader, 0, cancellation));
            }
        }

        var shown = new List<(AccountStatus, Stored)>(stored.Count);
        foreach (var row in stored)
        {
            var status = await ShowNowAsync(session, row.Status, row.Activity, now, cancellation);
            status.Sales = SalesSummary.Of(row.Sales, BusinessTime.Today(now), probabilities);
            shown.Add((status, row));
        }

        return shown;
    }

    /// <summary>
    /// The status with its figures shown at <paramref name="instant"/> ("the last 30 days" counted back from it), and its
    /// commitments as recorded, or as they stood on <paramref name="on"/>: the same for a stored status and a past view's.
    /// </summary>
    public static AccountStatus Show(AccountStatus status, AccountActivity? activity, DateTimeOffset instant, DateOnly? on = null, LastInteraction? last = null)
    {
        activity ??= new AccountActivity { Id = status.Id };
        status.Interactions = AccountActivities.Show(activity.Contacts, instant, last);
        status.Commitments = AccountActivities.Show(activity.Promises, on);
        return status;
    }

    private static async Task<AccountStatus> ShowAsync(
        IQuerySession session, AccountStatus status, AccountActivity? activity, DateTimeOffset instant, DateOnly? on, DateTimeOffset recordedBy,
        CancellationToken cancellation)
    {
        // Rare: every interaction the tally keeps was retracted or moved back in time, and older ones remain; ask the records.
        var last = activity is { Contacts.LastUnknown: true }
            ? await Contacts.LastAsOfAsync(session, status.Id, recordedBy, on is null ? DateTimeOffset.MaxValue : instant, cancellation)
            : null;
        return Show(status, activity, instant, on, last);
    }

    // The status now, from the figures of its stored tallies: shown by the same code as a tally (Show above).
    private static async Task<AccountStatus> ShowNowAsync(
        IQuerySession session, AccountStatus status, ActivityFigures? figures, DateTimeOffset now, CancellationToken cancellation)
    {
        figures ??= ActivityFigures.None;
        var last = figures.LastUnknown ? await Contacts.LastAsync(session, status.Id, cancellation) : null;
        status.Interactions = AccountActivities.Show(figures.Latest, figures.Stakeholders, figures.Levels, now, last);
        status.Commitments = AccountActivities.Show(figures.Open, figures.Overdue, figures.Pending, figures.Fulfilled, figures.Broken, figures.KeptOnTime);
        return status;
    }

    private sealed record Sql(string One, string Many);

    // Built once per store: the same text every time, so the statement is prepared once per connection.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Sql> Built = [];

    private static Sql Statements(IQuerySession session) => Built.GetValue(session.DocumentStore, store =>
    {
        var status = store.Options.Schema.For<AccountStatus>();
        var activity = store.Options.Schema.For<AccountActivity>();
        var sales = store.Options.Schema.For<AccountSales>();
        var health = store.Options.Schema.For<Health.AccountHealthRow>();
        // The tallies as the figures shown (ActivityFigures), computed here: far less to send and to read than the documents.
        var figures = ActivityFigures.Sql("a", "p");
        var promises = ActivityFigures.OpenCommitments("a", "p");
        var select = $"select jsonb_build_object('Status', d.data, 'Activity', {figures}, 'Sales', s.data, 'Health', h.data, 'Marks', jsonb_build_object(" +
            "'Status', d.mt_version, 'StatusWritten', d.mt_last_modified, 'Activity', a.mt_version, 'Sales', s.mt_version, 'Health', h.mt_version)) " +
            $"from {status} as d left join {activity} as a on a.id = d.id {promises} left join {sales} as s on s.id = d.id left join {health} as h on h.id = d.id";
        return new Sql($"{select} where d.id = ?", $"{select} where d.id = any(?)");
    });
}

/// <summary>
/// The filter of the account list, in one place: as SQL over the status's duplicated columns for the list now, and as a
/// predicate over the statuses of a past list. A test holds the two to the same answer.
/// </summary>
/// <param name="Tier">Only accounts in this tier.</param>
/// <param name="Status">Only accounts with this relationship status.</param>
/// <param name="Text">Only accounts whose sort name contains this (already a sort key: <see cref="AccountNames.SortKey"/>).</param>
/// <param name="IncludeEnded">Also accounts whose designation has ended.</param>
/// <param name="After">Only accounts after this position of the list (name, then id).</param>
/// <param name="Band">Only accounts in this health band (case-insensitive).</param>
/// <param name="ByHealth">Ordered by health band (its rank, lowest scores first), then name and id.</param>
public sealed record AccountFilter(
    AccountTier? Tier, AccountHealth? Status, string? Text, bool IncludeEnded, ListAccountsEndpoint.Position? After, string? Band = null, bool ByHealth = false)
{
    /// <summary>The rank of an account without a health band: after every band.</summary>
    public const int NoRank = 1000;

    public bool Matches(AccountStatus a) =>
        (Tier is null || a.Tier == Tier)
        && (Status is null || a.Status == Status)
        && (IncludeEnded || !a.DesignationEnded)
        && (Text is null || a.NameKey.Contains(Text, StringComparison.Ordinal))
        && (Band is null || string.Equals(a.Health?.Band, Band, StringComparison.OrdinalIgnoreCase))
        && (After is null || (ByHealth && (a.Health?.Rank ?? NoRank) != (After.Rank ?? NoRank)
            ? (a.Health?.Rank ?? NoRank) > (After.Rank ?? NoRank)
            : string.CompareOrdinal(a.NameKey, After.Name) > 0 || (a.NameKey == After.Name && a.Id.CompareTo(After.Id) > 0)));

    /// <summary>The same conditions on the columns <c>d.tier, d.status, d.designation_ended, d.name_key, d.id</c>.</summary>
    public void Where(StringBuilder sql, List<object> parameters)
    {
        if (Tier is { } tier)
        {
            sql.Append(" and d.tier = ?");
            parameters.Add(tier.ToString());
        }

        if (Status is { } status)
        {
            sql.Append(" and d.status = ?");
            parameters.Add(status.ToString());
        }

        if (!IncludeEnded)
        {
            sql.Append(" and d.designation_ended = false");
        }

        if (Text is not null)
        {
            // Collation-free: strpos compares code points, as string.Contains(Ordinal) does.
            sql.Append(" and strpos(d.name_key, ?) > 0");
            parameters.Add(Text);
        }

        if (Band is not null)
        {
            // The band of today, from the schedule joined as b (see AccountStatusReads).
            sql.Append(" and lower(b.band) = lower(?)");
            parameters.Add(Band);
        }

        if (After is not null)
        {
            // A row-value comparison is the keyset condition, and it uses the (name_key, id) order at any page depth.
            if (ByHealth)
            {
                sql.Append($" and (coalesce(b.rank, {NoRank}), d.name_key, d.id) > (?, ?, ?)");
                parameters.Add(After.Rank ?? NoRank);
            }
            else
            {
                sql.Append(" and (d.name_key, d.id) > (?, ?)");
            }

            parameters.Add(After.Name);
            parameters.Add(After.Id);
        }
    }
}
