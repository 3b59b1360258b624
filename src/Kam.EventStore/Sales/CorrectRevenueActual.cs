using System.Security.Claims;
using Kam.EventStore.Accounts;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Correct a revenue actual that was wrong: the figure that replaces it, and why. The original stays in the history.</summary>
public sealed record CorrectRevenueActual : SalesChange
{
    /// <summary>The corrected amount, in its own currency (not negative).</summary>
    public Money? Amount { get; init; }

    /// <summary>Only for an amount in another currency than the actual is counted in: units of that currency per unit of the amount's.</summary>
    public decimal? Rate { get; init; }

    /// <summary>Where the corrected figure came from; defaults to the actual's source.</summary>
    /// <example>ERP-CREDIT-2026-0007</example>
    public string? Source { get; init; }

    /// <summary>Why the actual was wrong.</summary>
    /// <example>Credit note for returned goods was missing from the batch</example>
    public string Reason { get; init; } = "";
}

public static class CorrectRevenueActualEndpoint
{
    public static Task<KeyAccount?> LoadAsync(RevenueActual actual, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<KeyAccount>(actual.AccountId, cancellation);

    public static ProblemDetails Validate(CorrectRevenueActual command, RevenueActual actual, KeyAccount? account, DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Figure("", command.Amount, command.Rate)
            .Optional("source", command.Source)
            .Required("reason", command.Reason, FieldErrors.LongText);
        var dated = SalesRules.Dated(errors, command, actual.LastFactAt, "The actual's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var problem = Problems.FirstOf(
            SalesRules.OnOpenAccount(account, actual.AccountId, "occurredAt", command.On(now)),
            ActualRules.Currency("amount.currency", command.Amount!, command.Rate, actual.Converted.Currency));
        if (Problems.Found(problem))
        {
            return problem;
        }

        return command.Amount == actual.Amount && command.Rate == actual.Rate && (command.Source is null || command.Source.Trim() == actual.Source)
            ? Problems.Rule("nothing-corrected", "The correction gives the figure the actual already has.")
            : Problems.None;
    }

    /// <summary>Correct a revenue actual.</summary>
    /// <remarks>
    /// Appends <c>RevenueActualCorrected</c>: the figure that replaces the actual's from <c>occurredAt</c> (default now), the
    /// figure it replaces and the version that held it, and the reason. Results of dates before the correction keep the
    /// figure as it was then.
    /// </remarks>
    [WolverinePost("/api/revenue-actuals/{actualId}/corrections", OperationId = "CorrectRevenueActual")]
    [Tags("Sales")]
    public static Events Post(CorrectRevenueActual command, [WriteAggregate("actualId")] RevenueActual actual, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new RevenueActualCorrected(actual.AccountId, actual.Id, actual.Version, actual.Amount, actual.Converted, command.Amount!, command.Rate,
            ActualRules.Convert(command.Amount!, command.Rate, actual.Converted.Currency), command.Source?.Trim() ?? actual.Source, command.Reason.Trim(),
            command.When(now), user.Actor()),
    ];
}
