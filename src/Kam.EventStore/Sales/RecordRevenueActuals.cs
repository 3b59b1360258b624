using System.Security.Claims;
using System.Text.Json.Serialization;
using Kam.EventStore.Accounts;
using Kam.EventStore.Store;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>
/// Record one period's revenue actuals for many key accounts at once, e.g. an ERP invoice batch: all lines or none.
/// </summary>
public sealed record RecordRevenueActuals
{
    /// <summary>Optional client-chosen batch id, recorded on every actual of the batch; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e41</example>
    public Guid? BatchId { get; init; }

    /// <summary>The period every line's revenue was booked for.</summary>
    public Period? Period { get; init; }

    /// <summary>Where the figures came from, e.g. the ERP invoice batch id.</summary>
    /// <example>ERP-INV-2026-Q2-0107</example>
    public string Source { get; init; } = "";

    /// <summary>The business date the figures became known; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-07-06</example>
    public DateOnly? BookedOn { get; init; }

    /// <summary>When they were booked, if the time of day matters; must fall on <c>bookedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>One line per account (and product line): at least one.</summary>
    /// <example>[{"accountId":"0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e11","amount":{"amount":610000,"currency":"EUR"}}]</example>
    public IReadOnlyList<ActualLine> Lines { get; init; } = [];
}

/// <summary>One account's revenue in a batch.</summary>
public sealed record ActualLine
{
    /// <summary>The key account.</summary>
    [JsonRequired]
    public Guid AccountId { get; init; }

    /// <summary>Optional client-chosen id of the actual; generated when omitted.</summary>
    public Guid? ActualId { get; init; }

    /// <summary>The amount booked, in its own currency (not negative).</summary>
    public Money? Amount { get; init; }

    /// <summary>Only for an amount in another currency than the period's budget: units of the budget's currency per unit of the amount's.</summary>
    public decimal? Rate { get; init; }

    /// <summary>The product line, when reported for one.</summary>
    public string? ProductLine { get; init; }
}

/// <summary>What a batch of actuals answers: every actual it recorded, in the order of its lines.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Period">The period of every actual.</param>
/// <param name="Actuals">One per line: the account, the new actual and the amount counted in its period's budget currency.</param>
/// <param name="OccurredAt">The business time recorded on every actual: <c>occurredAt</c>, the start of a past <c>bookedOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the actuals are dated now.</param>
public sealed record RevenueActualsRecorded(
    Guid BatchId, Period Period, IReadOnlyList<RecordedActual> Actuals, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted);

/// <summary>One actual of a batch.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="ActualId">The new actual.</param>
/// <param name="Converted">The amount counted in the period's budget currency.</param>
public sealed record RecordedActual(Guid AccountId, Guid ActualId, Money Converted);

/// <summary>What a batch is decided against: each account named, its sales, and the actual ids already taken.</summary>
public sealed record BatchContext(IReadOnlyDictionary<Guid, KeyAccount> Accounts, IReadOnlyDictionary<Guid, AccountSales> Sales, IReadOnlySet<Guid> TakenIds)
{
    public AccountSales? SalesOf(Guid accountId) =>
        new AccountSalesContext(Accounts.GetValueOrDefault(accountId), Sales.GetValueOrDefault(accountId)).Sales;
}

public static class RecordRevenueActualsEndpoint
{
    /// <summary>The most lines a batch takes (the body limit comes first for long lines).</summary>
    public const int MaxLines = 5000;

    public static async Task<BatchContext> LoadAsync(RecordRevenueActuals command, IQuerySession session, CancellationToken cancellation)
    {
        // A null line is refused by Validate, naming it; it has nothing to load.
        var accountIds = command.Lines.OfType<ActualLine>().Select(l => l.AccountId).Distinct().ToArray();
        var actualIds = command.Lines.OfType<ActualLine>().Select(l => l.ActualId).OfType<Guid>().Distinct().ToArray();
        var batch = session.CreateBatchQuery();
        var accounts = batch.LoadMany<KeyAccount>().ById(accountIds);
        var sales = batch.LoadMany<AccountSales>().ById(accountIds);
        var taken = batch.LoadMany<RevenueActual>().ById(actualIds);
        await batch.Execute(cancellation);
        return new BatchContext((await accounts).ToDictionary(a => a.Id), (await sales).ToDictionary(s => s.Id), (await taken).Select(a => a.Id).ToHashSet());
    }

    public static ProblemDetails Validate(RecordRevenueActuals command, BatchContext context, DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Period("period", command.Period)
            .Required("source", command.Source)
            .NotEmptyId("batchId", command.BatchId);
        if (command.Lines.Count is 0 or > MaxLines)
        {
            errors.Add("lines", $"Give 1 to {MaxLines} lines.");
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < command.Lines.Count; i++)
        {
            if (command.Lines[i] is not { } line)
            {
                errors.Add($"lines[{i}]", "Must not be null.");
                continue;
            }

            errors.NotEmptyId($"lines[{i}].accountId", line.AccountId).NotEmptyId($"lines[{i}].actualId", line.ActualId)
                .Figure($"lines[{i}].", line.Amount, line.Rate).Optional($"lines[{i}].productLine", line.ProductLine);
            if (line.ActualId is { } id && !ids.Add(id))
            {
                errors.Add($"lines[{i}].actualId", "Given to another line of the batch too.");
            }
        }

        var dated = SalesRules.Dated(errors, command.OccurredAt, "bookedOn", command.BookedOn, null, "", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        // Every line is decided, so the answer lists each bad line at once.
        var bookedOn = BusinessTime.DateOf(command.OccurredAt, command.BookedOn, now);
        var bad = new List<BadLine>();
        var seen = new Dictionary<(Guid, string?), int>();
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var line = command.Lines[i];
            var productLine = line.ProductLine?.Trim();
            var problem = line.ActualId is { } id && context.TakenIds.Contains(id)
                ? Problems.Conflict("duplicate-actual", $"lines[{i}].actualId: revenue actual {id} already exists.")
                : seen.TryGetValue((line.AccountId, productLine), out var earlier)
                    ? Problems.Rule("overlapping-period", $"lines[{i}]: lines[{earlier}] books the same account{(productLine is null ? "" : $" and product line")} for the same period.")
                    : ActualRules.New($"lines[{i}].", line.AccountId, context.Accounts.GetValueOrDefault(line.AccountId), context.SalesOf(line.AccountId),
                        command.Period!, productLine, line.Amount!, line.Rate, bookedOn);
            seen.TryAdd((line.AccountId, productLine), i);
            if (Problems.Found(problem))
            {
                bad.Add(new BadLine(i, line.AccountId, (string)problem.Extensions["rule"]!, problem.Detail ?? ""));
            }
        }

        if (bad.Count == 0)
        {
            return Problems.None;
        }

        var refused = Problems.Rule("bad-lines",
            $"{bad.Count} of {command.Lines.Count} lines cannot be recorded, so none was: {string.Join(" ", bad.Select(b => b.Detail))}");
        refused.Extensions["lines"] = bad;
        refused.Extensions["errors"] = bad.GroupBy(b => $"lines[{b.Index}]").ToDictionary(g => g.Key, g => g.Select(b => b.Detail).ToArray());
        return refused;
    }

    /// <summary>Record a period's revenue actuals for many accounts.</summary>
    /// <remarks>
    /// Appends one <c>RevenueActualRecorded</c> per line, each to a new actual stream, all in one transaction: every line is
    /// recorded or none. Each line follows the rules of <c>RecordRevenueActual</c>; when any line breaks one, the answer is
    /// 422 <c>bad-lines</c> listing every bad line (its index, account, rule and why, also under <c>errors</c> by
    /// <c>lines[i]</c>) and nothing is appended; field errors are a 400 naming each field by its path (<c>lines[3].amount.currency</c>).
    /// Retried with the same <c>Idempotency-Key</c>, the batch is answered as the first time and appends nothing.
    /// </remarks>
    [WolverinePost("/api/revenue-actual-batches", OperationId = "RecordRevenueActuals")]
    [Tags("Sales")]
    public static (RevenueActualsRecorded, StartStreams) Post(RecordRevenueActuals command, BatchContext context, DateTimeOffset now, ClaimsPrincipal user)
    {
        var batchId = command.BatchId ?? Guid.CreateVersion7(now);
        var bookedOn = BusinessTime.DateOf(command.OccurredAt, command.BookedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, bookedOn, now);
        var by = user.Actor();
        var recorded = command.Lines.Select(line => RecordRevenueActualEndpoint.Recorded(line.AccountId, line.ActualId ?? Guid.CreateVersion7(now),
            command.Period!, line.ProductLine, line.Amount!, line.Rate, context.SalesOf(line.AccountId)!, command.Source, batchId, bookedOn, occurredAt, by)).ToList();
        return (new RevenueActualsRecorded(batchId, command.Period!, [.. recorded.Select(r => new RecordedActual(r.AccountId, r.ActualId, r.Converted))],
                occurredAt, occurredAt == now),
            new StartStreams(typeof(RevenueActual), [.. recorded.Select(r => (r.ActualId, (object)r))]));
    }
}

/// <summary>One refused line of a batch.</summary>
/// <param name="Index">Its position in <c>lines</c> (0-based).</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Rule">The rule it broke.</param>
/// <param name="Detail">Why.</param>
public sealed record BadLine(int Index, Guid AccountId, string Rule, string Detail);

/// <summary>Starts many streams in the request's transaction (Wolverine commits them with everything else, or none).</summary>
/// <param name="AggregateType">The write model of the new streams.</param>
/// <param name="Streams">Each new stream's id and first event.</param>
public sealed record StartStreams(Type AggregateType, IReadOnlyList<(Guid Id, object First)> Streams) : IMartenOp
{
    public void Execute(IDocumentSession session)
    {
        foreach (var (id, first) in Streams)
        {
            session.Events.StartStream(AggregateType, id, first);
        }
    }
}
