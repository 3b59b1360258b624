using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Set the revenue budgeted on a key account for a period (a fiscal year), broken down into quarters or months.</summary>
public sealed record SetRevenueBudget
{
    /// <summary>Optional client-chosen budget id; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e21</example>
    public Guid? BudgetId { get; init; }

    /// <summary>The period budgeted: a fiscal year (at most a year); no other budget of the account and product line may overlap it.</summary>
    public Period? Period { get; init; }

    /// <summary>The budget's currency (ISO 4217): actuals of the period are counted in it.</summary>
    /// <example>EUR</example>
    public string Currency { get; init; } = "";

    /// <summary>The product line, when the budget is for one; else the budget is for the whole account.</summary>
    public string? ProductLine { get; init; }

    /// <summary>The breakdown: quarters or months (any contiguous parts), each with its amount, together covering the period.</summary>
    /// <example>[{"period":{"from":"2026-01-01","to":"2026-03-31"},"amount":500000},{"period":{"from":"2026-04-01","to":"2026-06-30"},"amount":600000},{"period":{"from":"2026-07-01","to":"2026-09-30"},"amount":550000},{"period":{"from":"2026-10-01","to":"2026-12-31"},"amount":750000}]</example>
    public IReadOnlyList<BudgetLine> Lines { get; init; } = [];

    /// <summary>Who approved the budget (person id), when recorded.</summary>
    /// <example>dana.director@example.com</example>
    public string? ApprovedByPersonId { get; init; }

    /// <summary>The business date it was set; defaults to the date of <c>occurredAt</c>, else today (the answer says so); not in the future, not before the designation.</summary>
    /// <example>2026-01-20</example>
    public DateOnly? SetOn { get; init; }

    /// <summary>When it was set, if the time of day matters; must fall on <c>setOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What setting a budget answers (201, with the budget's address).</summary>
/// <param name="BudgetId">The new budget.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Total">The total budgeted.</param>
/// <param name="Version">The budget stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded: <c>occurredAt</c>, the start of a past <c>setOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the budget is dated now.</param>
public sealed record RevenueBudgetCreated(Guid BudgetId, Guid AccountId, decimal Total, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/revenue-budgets/{BudgetId}");

/// <summary>What a new sales record on an account is decided against: the account, and its sales as they stand.</summary>
public sealed record AccountSalesContext(KeyAccount? Account, AccountSales? Stored)
{
    /// <summary>The account's sales; for an account designated before sales were kept (and not yet rebuilt), none yet.</summary>
    public AccountSales? Sales => Stored ?? (Account is { } account ? new AccountSales { Id = account.Id, Currency = account.RevenueBudget.Currency, Tier = account.Tier } : null);
}

public static class SetRevenueBudgetEndpoint
{
    /// <summary>The most a budget's period may span.</summary>
    public const int MaxDays = 366;

    public static async Task<AccountSalesContext> LoadAsync(Guid accountId, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var account = batch.Load<KeyAccount>(accountId);
        var sales = batch.Load<AccountSales>(accountId);
        await batch.Execute(cancellation);
        return new AccountSalesContext(await account, await sales);
    }

    public static async Task<ProblemDetails> ValidateAsync(
        SetRevenueBudget command, Guid accountId, AccountSalesContext context, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var setOn = BusinessTime.DateOf(command.OccurredAt, command.SetOn, now);
        var errors = new FieldErrors()
            .Period("period", command.Period)
            .Optional("productLine", command.ProductLine)
            .PersonId("approvedByPersonId", command.ApprovedByPersonId, required: false)
            .NotEmptyId("budgetId", command.BudgetId);
        if (!Money.IsCurrency(command.Currency))
        {
            errors.Add("currency", "Must be an ISO 4217 currency code in upper case, e.g. EUR.");
        }

        if (command.Period is { } period && period.To >= period.From)
        {
            if (period.To.DayNumber - period.From.DayNumber + 1 > MaxDays)
            {
                errors.Add("period", "At most a year: a budget is set per fiscal year.");
            }

            errors.Breakdown("lines", period, [.. command.Lines.Select(l => l.Period)]);
        }

        for (var i = 0; i < command.Lines.Count; i++)
        {
            if (command.Lines[i].Amount < 0)
            {
                errors.Add($"lines[{i}].amount", "Must not be negative.");
            }
        }

        var dated = SalesRules.Dated(errors, command.OccurredAt, "setOn", command.SetOn, null, "", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var onAccount = SalesRules.OnOpenAccount(context.Account, accountId, "setOn", setOn);
        if (Problems.Found(onAccount))
        {
            return onAccount;
        }

        if (command.BudgetId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-budget", $"Revenue budget {id} already exists.");
        }

        IEnumerable<RevenueBudget> budgets = (IEnumerable<RevenueBudget>?)context.Sales?.Budgets.Values ?? [];
        var productLine = command.ProductLine?.Trim();
        var overlapping = budgets.FirstOrDefault(b => b.ProductLine == productLine && b.Period.Overlaps(command.Period!));
        if (overlapping is not null)
        {
            return Problems.Rule("overlapping-period",
                $"period: overlaps the budget {overlapping.Id} for {overlapping.Period}{(productLine is null ? "" : $" ({productLine})")}; revise that budget instead.");
        }

        var otherCurrency = budgets.Where(b => b.Period.Overlaps(command.Period!) && b.Currency != command.Currency).Select(b => b.Currency)
            .Concat(((IEnumerable<RevenueActual>?)context.Sales?.Actuals.Values ?? []).Where(a => a.Period.Overlaps(command.Period!) && a.Converted.Currency != command.Currency)
                .Select(a => a.Converted.Currency))
            .FirstOrDefault();
        if (otherCurrency is not null)
        {
            return Problems.Rule("currency-mismatch",
                $"currency: the account's budgets or actuals of {command.Period} are in {otherCurrency}; one period's results are counted in one currency.");
        }

        return await PeopleDirectory.Known(session, "approvedByPersonId", command.ApprovedByPersonId is { } a ? [a] : [], setOn, cancellation);
    }

    /// <summary>Set a revenue budget for a period.</summary>
    /// <remarks>
    /// Appends <c>RevenueBudgetSet</c> to a new budget stream: the period (a fiscal year), the currency, the product line if
    /// any, and the breakdown into quarters or months, which must cover the period without gaps or overlaps. A second budget of
    /// the same account and product line overlapping the period is refused (422 <c>overlapping-period</c>): revise it instead.
    /// Answers 201 with the budget's address.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/revenue-budgets", OperationId = "SetRevenueBudget")]
    [Tags("Sales")]
    public static (RevenueBudgetCreated, IStartStream) Post(SetRevenueBudget command, Guid accountId, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.BudgetId ?? Guid.CreateVersion7(now);
        var setOn = BusinessTime.DateOf(command.OccurredAt, command.SetOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, setOn, now);
        var lines = command.Lines.OrderBy(l => l.Period.From).ToList();
        var set = new RevenueBudgetSet(accountId, id, command.Period!, command.Currency, command.ProductLine?.Trim(), lines, lines.Sum(l => l.Amount),
            command.ApprovedByPersonId is { } approver ? PersonIds.Normalize(approver) : null, setOn, occurredAt, user.Actor());
        return (new RevenueBudgetCreated(id, accountId, set.Total, 1, occurredAt, occurredAt == now), MartenOps.StartStream<RevenueBudget>(id, set));
    }
}
