using System.Text;
using JasperFx.Events;
using Kam.EventStore.Api;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Store;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Commitments;

/// <summary>Filters shared by the account register and the cross-account views.</summary>
/// <param name="Status">Only commitments in this status.</param>
/// <param name="Open">Only open (true) or only closed (false) commitments.</param>
/// <param name="Overdue">Only overdue (true) or only not overdue (false) commitments.</param>
/// <param name="Owner">Only commitments this person owns.</param>
/// <param name="Kind">Only commitments of this kind.</param>
/// <param name="DueFrom">Only commitments due on or after this date.</param>
/// <param name="DueTo">Only commitments due on or before this date.</param>
/// <param name="Unacknowledged">Only (true) commitments whose owner has not yet acknowledged them: inherited promises.</param>
public sealed record CommitmentFilter(
    CommitmentStatus? Status, bool? Open, bool? Overdue, string? Owner, CommitmentKind? Kind, DateOnly? DueFrom, DateOnly? DueTo, bool? Unacknowledged)
{
    public bool Matches(Commitment c) =>
        (Status is null || c.Status == Status)
        && (Open is null || c.IsOpen == Open)
        && (Overdue is null || c.Overdue == Overdue)
        && (Owner is null || c.Owner == Owner)
        && (Kind is null || c.Kind == Kind)
        && (DueFrom is null || c.DueOn >= DueFrom)
        && (DueTo is null || c.DueOn <= DueTo)
        && (Unacknowledged is not true || !c.OwnershipAcknowledged);

    /// <summary>
    /// The same conditions in SQL on the register's rows (alias <c>d</c>): its duplicated columns (account, owner, status, due
    /// date) and the stored document's members.
    /// </summary>
    public void Where(StringBuilder sql, List<object> parameters)
    {
        if (Status is { } status)
        {
            sql.Append(" and d.status = ?");
            parameters.Add(status.ToString());
        }

        if (Open is { } open)
        {
            sql.Append(open ? " and d.status = any(?)" : " and not d.status = any(?)");
            parameters.Add(OpenStatuses);
        }

        if (Overdue is { } overdue)
        {
            sql.Append(" and (d.data ->> 'Overdue')::boolean = ?");
            parameters.Add(overdue);
        }

        if (Owner is { } owner)
        {
            sql.Append(" and d.owner = ?");
            parameters.Add(owner);
        }

        if (Kind is { } kind)
        {
            sql.Append(" and d.data ->> 'Kind' = ?");
            parameters.Add(kind.ToString());
        }

        if (DueFrom is { } from)
        {
            sql.Append(" and d.due_on >= ?");
            parameters.Add(from);
        }

        if (DueTo is { } to)
        {
            sql.Append(" and d.due_on <= ?");
            parameters.Add(to);
        }

        if (Unacknowledged is true)
        {
            sql.Append(" and not (d.data ->> 'OwnershipAcknowledged')::boolean");
        }
    }

    // Commitment.IsOpen's statuses, as stored.
    private static readonly string[] OpenStatuses = [nameof(CommitmentStatus.InForce), nameof(CommitmentStatus.PendingApproval)];
}

public static class CommitmentPages
{
    /// <summary>Where the previous page ended: commitments are listed in the order they were recorded (their ids are time-ordered).</summary>
    public sealed record Position(Guid Id);

    /// <summary>
    /// A page of the register's rows as they stand (of one account, or of all), filtered and ordered in the database, each
    /// commitment written into the answer from its stored JSON (<see cref="StoredJson.PageResult"/>): no object is made of it.
    /// </summary>
    public static async Task<IResult> ReadAsync(
        IQuerySession session, Guid? accountId, CommitmentFilter filter, Position? after, int take, CancellationToken cancellation)
    {
        var sql = new StringBuilder($"select d.id, d.data from {session.DocumentStore.Options.Schema.For<Commitment>()} as d where true");
        var parameters = new List<object>();
        if (accountId is { } account)
        {
            sql.Append(" and d.account_id = ?");
            parameters.Add(account);
        }

        filter.Where(sql, parameters);
        if (after is not null)
        {
            sql.Append(" and d.id > ?");
            parameters.Add(after.Id);
        }

        // The limit stays a parameter: this statement keeps its generic plan with it (pg_stat_statements, docs/benchmarks.md).
        sql.Append(" order by d.id limit ?");
        parameters.Add(take + 1);
        var rows = new List<(Guid Id, byte[] Stored)>(take + 1);
        await using (var command = SqlText.Command(sql.ToString(), parameters))
        {
            await using var reader = await session.ExecuteReaderAsync(command, cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                rows.Add((reader.GetGuid(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        return new StoredJson.PageResult(
            [.. rows.Take(take).Select(r => r.Stored)], rows.Count > take ? Paging.Encode(new Position(rows[take - 1].Id)) : null);
    }
}

public static class ListCommitmentsEndpoint
{
    /// <summary>Commitments across accounts, for dashboards: overdue, due soon, pending approval, by owner.</summary>
    /// <remarks>
    /// Combine the filters: <c>overdue=true</c>; <c>dueWithinDays=N</c> (open and due from today to today+N);
    /// <c>status=PendingApproval</c>; <c>owner=</c>; <c>unacknowledged=true</c> for inherited promises the owner has not yet
    /// acknowledged. Keyset-paged in the order the commitments were recorded.
    /// </remarks>
    /// <param name="status">Only this status.</param>
    /// <param name="open">Only open (true) or closed (false).</param>
    /// <param name="overdue">Only overdue (true) or not (false).</param>
    /// <param name="owner">Only this owner's (person id).</param>
    /// <param name="kind">Only this kind.</param>
    /// <param name="dueWithinDays">Only open commitments due from today to today plus this many days (0-366).</param>
    /// <param name="unacknowledged">Only inherited commitments not yet acknowledged by their owner.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/commitments", OperationId = "ListCommitments")]
    [Tags("Commitments")]
    [ProducesResponseType<Page<Commitment>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IDocumentStore store, DateTimeOffset now, CancellationToken cancellation, CommitmentStatus? status = null, bool? open = null,
        bool? overdue = null, string? owner = null, CommitmentKind? kind = null, int? dueWithinDays = null, bool? unacknowledged = null,
        string? cursor = null, int? limit = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        var problem = Paging.Read<CommitmentPages.Position>(cursor, limit, out var after, out var take);
        if (dueWithinDays is < 0 or > 366)
        {
            problem = Problems.Invalid("dueWithinDays", "Must be between 0 and 366.");
        }

        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var today = Domain.BusinessTime.Today(now);
        var filter = new CommitmentFilter(status, dueWithinDays is null ? open : true, overdue, owner is null ? null : People.PersonIds.Normalize(owner),
            kind, dueWithinDays is null ? null : today, dueWithinDays is { } days ? today.AddDays(days) : null, unacknowledged);
        return await CommitmentPages.ReadAsync(session, null, filter, after, take, cancellation);
    }
}

public static class GetCommitmentRegisterEndpoint
{
    /// <summary>The commitment register of an account: now, as recorded at an instant, or as the facts stood on a business date.</summary>
    /// <remarks>
    /// Without <c>asOf</c>/<c>on</c>: the register as it stands. With <c>asOf</c> (an instant): exactly what had been promised and
    /// recorded by then, each commitment in the state the records showed at that instant (later corrections, approvals and
    /// outcomes are not applied). With <c>on</c> (a business date): what had been promised by that date and what had happened to
    /// it by then, by business dates (made on, approved on, amended on, fulfilled on...), whenever it was recorded; a commitment
    /// is overdue on that date when it was open and the date was after its due date in force then. Both together: what our
    /// records said at <c>asOf</c> about <c>on</c>. Filters apply to the state shown. Keyset-paged in the order the commitments
    /// were recorded.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">An instant (ISO 8601): the register as recorded by then.</param>
    /// <param name="on">A business date (YYYY-MM-DD): the register as the facts stood on that date.</param>
    /// <param name="asOfDate">Deprecated: the former name of <c>on</c>.</param>
    [WolverineGet("/api/accounts/{accountId}/commitments", OperationId = "GetCommitmentRegister")]
    [Tags("Commitments")]
    [ProducesResponseType<Page<Commitment>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IDocumentStore store, DateTimeOffset now, CancellationToken cancellation, CommitmentStatus? status = null, bool? open = null,
        bool? overdue = null, string? owner = null, CommitmentKind? kind = null, DateOnly? dueFrom = null, DateOnly? dueTo = null,
        bool? unacknowledged = null, DateTimeOffset? asOf = null, DateOnly? on = null, DateOnly? asOfDate = null, string? cursor = null, int? limit = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        var problem = Paging.Read<CommitmentPages.Position>(cursor, limit, out var after, out var take);
        if (on is not null && asOfDate is not null && on != asOfDate)
        {
            problem = Problems.Invalid("asOfDate", "The former name of on: give one of them.");
        }

        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        on ??= asOfDate;
        var filter = new CommitmentFilter(status, open, overdue, owner is null ? null : People.PersonIds.Normalize(owner), kind, dueFrom, dueTo, unacknowledged);
        if (asOf is null && on is null)
        {
            return await CommitmentPages.ReadAsync(session, accountId, filter, after, take, cancellation);
        }

        IEnumerable<Commitment> past;
        if (on is not { } date)
        {
            // As recorded by an instant: the account's view from its nearest checkpoint (the same fold as the register rows).
            var view = await History.AccountViewReads.AsOfAsync(session, accountId, History.PastViews.Instant(asOf, now), cancellation);
            past = view is null ? [] : view.Commitments.Values;
        }
        else
        {
            // As the facts stood on a business date (as recorded by asOf, when given): each commitment's events dated by then.
            // Commitments are never deleted, so every commitment that existed then is among today's rows.
            var ids = await session.Query<Commitment>().Where(c => c.AccountId == accountId).Select(c => c.Id).ToListAsync(cancellation);
            past = (await CommitmentHistory.EventsAsync(session, ids, asOf is null ? null : History.PastViews.Instant(asOf, now), cancellation))
                .GroupBy(e => e.StreamId)
                .Select(g => Commitment.FoldOn(g.Select(e => e.Data), date))
                .OfType<Commitment>();
        }

        var states = past
            .Where(filter.Matches)
            .Where(c => after is null || c.Id.CompareTo(after.Id) > 0)
            .OrderBy(c => c.Id)
            .ToList();
        var items = states.Take(take).ToList();
        return Results.Ok(new Page<Commitment>(items, states.Count > take ? Paging.Encode(new CommitmentPages.Position(items[^1].Id)) : null));
    }
}

/// <summary>Commitments' events, for views of them as recorded at an instant or as they stood on a business date.</summary>
public static class CommitmentHistory
{
    /// <summary>The events of these commitments recorded by <paramref name="asOf"/> (null: all), in the order they were recorded.</summary>
    public static async Task<IReadOnlyList<IEvent>> EventsAsync(
        IQuerySession session, IReadOnlyCollection<Guid> commitmentIds, DateTimeOffset? asOf, CancellationToken cancellation)
    {
        if (commitmentIds.Count == 0)
        {
            return [];
        }

        var ids = commitmentIds.ToArray();
        var bound = asOf ?? DateTimeOffset.MaxValue;
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids) && e.Timestamp <= bound)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
    }
}
