using System.Security.Claims;
using Kam.EventStore.Accounts;
using Kam.EventStore.People;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Revise a revenue budget: the whole new breakdown, why, and who approved the revision.</summary>
public sealed record ReviseRevenueBudget : SalesChange
{
    /// <summary>The new breakdown, covering the budget's period as before.</summary>
    /// <example>[{"period":{"from":"2026-01-01","to":"2026-03-31"},"amount":500000},{"period":{"from":"2026-04-01","to":"2026-06-30"},"amount":600000},{"period":{"from":"2026-07-01","to":"2026-09-30"},"amount":600000},{"period":{"from":"2026-10-01","to":"2026-12-31"},"amount":900000}]</example>
    public IReadOnlyList<BudgetLine> Lines { get; init; } = [];

    /// <summary>Why the budget was revised.</summary>
    /// <example>New mill line in production from Q3</example>
    public string Reason { get; init; } = "";

    /// <summary>Who approved the revision (person id, in the people directory).</summary>
    /// <example>dana.director@example.com</example>
    public string ApprovedByPersonId { get; init; } = "";

    /// <summary>The business date the revision takes effect; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-04-15</example>
    public DateOnly? RevisedOn { get; init; }
}

public static class ReviseRevenueBudgetEndpoint
{
    public static Task<KeyAccount?> LoadAsync(RevenueBudget budget, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<KeyAccount>(budget.AccountId, cancellation);

    public static async Task<ProblemDetails> ValidateAsync(
        ReviseRevenueBudget command, RevenueBudget budget, KeyAccount? account, IQuerySession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var errors = new FieldErrors()
            .Breakdown("lines", budget.Period, [.. command.Lines.Select(l => l.Period)])
            .Required("reason", command.Reason, FieldErrors.LongText)
            .PersonId("approvedByPersonId", command.ApprovedByPersonId, required: true);
        for (var i = 0; i < command.Lines.Count; i++)
        {
            if (command.Lines[i].Amount < 0)
            {
                errors.Add($"lines[{i}].amount", "Must not be negative.");
            }
        }

        var revisedOn = command.On(now, command.RevisedOn);
        var problem = Problems.FirstOf(
            SalesRules.Dated(errors, command.OccurredAt, "revisedOn", command.RevisedOn, budget.LastFactAt, "The budget's latest fact", now),
            SalesRules.OnOpenAccount(account, budget.AccountId, "revisedOn", revisedOn));
        return Problems.Found(problem)
            ? problem
            : await PeopleDirectory.Known(session, "approvedByPersonId", [command.ApprovedByPersonId], revisedOn, cancellation);
    }

    /// <summary>Revise a revenue budget.</summary>
    /// <remarks>
    /// Appends <c>RevenueBudgetRevised</c>: the whole new breakdown from <c>revisedOn</c> (default today), the total before and
    /// after, the reason and who approved it. Results of dates before <c>revisedOn</c> keep the earlier budget.
    /// </remarks>
    [WolverinePost("/api/revenue-budgets/{budgetId}/revisions", OperationId = "ReviseRevenueBudget")]
    [Tags("Sales")]
    public static Events Post(ReviseRevenueBudget command, [WriteAggregate("budgetId")] RevenueBudget budget, DateTimeOffset now, ClaimsPrincipal user)
    {
        var lines = command.Lines.OrderBy(l => l.Period.From).ToList();
        var revisedOn = command.On(now, command.RevisedOn);
        return
        [
            new RevenueBudgetRevised(budget.AccountId, budget.Id, budget.Revision + 1, lines, lines.Sum(l => l.Amount), budget.Total,
                command.Reason.Trim(), PersonIds.Normalize(command.ApprovedByPersonId), revisedOn, command.When(now, command.RevisedOn), user.Actor()),
        ];
    }
}
