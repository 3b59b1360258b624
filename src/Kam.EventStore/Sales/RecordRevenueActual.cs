using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Record the revenue booked on a key account for a period.</summary>
public sealed record RecordRevenueActual
{
    /// <summary>Optional client-chosen actual id; generated when omitted.</summary>
    /// <example>0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e31</example>
    public Guid? ActualId { get; init; }

    /// <summary>The period the revenue was booked for (a month, a quarter...); no other actual of the account and product line may overlap it.</summary>
    public Period? Period { get; init; }

    /// <summary>The amount booked, in its own currency (not negative).</summary>
    public Money? Amount { get; init; }

    /// <summary>Only for an amount in another currency than the period's budget: units of the budget's currency per unit of the amount's.</summary>
    public decimal? Rate { get; init; }

    /// <summary>The product line, when reported for one.</summary>
    public string? ProductLine { get; init; }

    /// <summary>Where the figure came from, e.g. the ERP invoice batch id.</summary>
    /// <example>ERP-INV-2026-Q1-0042</example>
    public string Source { get; init; } = "";

    /// <summary>The business date the figure became known; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-04-05</example>
    public DateOnly? BookedOn { get; init; }

    /// <summary>When it was booked, if the time of day matters; must fall on <c>bookedOn</c> when both are given.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>What recording an actual answers (201, with the actual's address).</summary>
/// <param name="ActualId">The new actual.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Converted">The amount counted in the period's budget currency.</param>
/// <param name="Version">The actual stream's version (1).</param>
/// <param name="OccurredAt">The business time recorded: <c>occurredAt</c>, the start of a past <c>bookedOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the actual is dated now.</param>
public sealed record RevenueActualCreated(Guid ActualId, Guid AccountId, Money Converted, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/revenue-actuals/{ActualId}");

public static class RecordRevenueActualEndpoint
{
    public static Task<AccountSalesContext> LoadAsync(Guid accountId, IQuerySession session, CancellationToken cancellation) =>
        SetRevenueBudgetEndpoint.LoadAsync(accountId, session, cancellation);

    public static async Task<ProblemDetails> ValidateAsync(
        RecordRevenueActual command, Guid accountId, AccountSalesContext context, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Period("period", command.Period)
            .Figure("", command.Amount, command.Rate)
            .Optional("productLine", command.ProductLine)
            .Required("source", command.Source)
            .NotEmptyId("actualId", command.ActualId);
        var dated = SalesRules.Dated(errors, command.OccurredAt, "bookedOn", command.BookedOn, null, "", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (command.ActualId is { } id && await session.Events.FetchStreamStateAsync(id, cancellation) is not null)
        {
            return Problems.Conflict("duplicate-actual", $"Revenue actual {id} already exists.");
        }

        return ActualRules.New("", accountId, context.Account, context.Sales, command.Period!, command.ProductLine?.Trim(), command.Amount!, command.Rate,
            BusinessTime.DateOf(command.OccurredAt, command.BookedOn, now));
    }

    /// <summary>Record a revenue actual.</summary>
    /// <remarks>
    /// Appends <c>RevenueActualRecorded</c> to a new actual stream: the period, the amount in its own currency and counted in
    /// the currency of the period's budget (an amount in another currency needs a <c>rate</c>, 422 <c>rate-required</c>), the
    /// source. An actual overlapping another of the account and product line is refused (422 <c>overlapping-period</c>): correct
    /// that one instead. Answers 201 with the actual's address. For many accounts at once, see <c>RecordRevenueActuals</c>.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/revenue-actuals", OperationId = "RecordRevenueActual")]
    [Tags("Sales")]
    public static (RevenueActualCreated, IStartStream) Post(
        RecordRevenueActual command, Guid accountId, AccountSalesContext context, DateTimeOffset now, ClaimsPrincipal user)
    {
        var id = command.ActualId ?? Guid.CreateVersion7(now);
        var bookedOn = BusinessTime.DateOf(command.OccurredAt, command.BookedOn, now);
        var occurredAt = BusinessTime.Resolve(command.OccurredAt, bookedOn, now);
        var recorded = Recorded(accountId, id, command.Period!, command.ProductLine, command.Amount!, command.Rate, context.Sales!, command.Source, null,
            bookedOn, occurredAt, user.Actor());
        return (new RevenueActualCreated(id, accountId, recorded.Converted, 1, occurredAt, occurredAt == now), MartenOps.StartStream<RevenueActual>(id, recorded));
    }

    /// <summary>The fact of a new actual, counted in the currency of its period's budget.</summary>
    public static RevenueActualRecorded Recorded(
        Guid accountId, Guid id, Period period, string? productLine, Money amount, decimal? rate, AccountSales sales, string source, Guid? batchId,
        DateOnly bookedOn, DateTimeOffset occurredAt, string by) =>
        new(accountId, id, period, productLine?.Trim(), amount, rate, ActualRules.Convert(amount, rate, sales.CurrencyOf(period)), source.Trim(), batchId,
            bookedOn, occurredAt, by);
}
