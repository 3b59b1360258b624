using System.Security.Claims;
using Kam.EventStore.Commitments;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Sales;

/// <summary>Record that an opportunity was won: the value booked, and the commitments made to win it.</summary>
public sealed record WinOpportunity : SalesChange
{
    /// <summary>The value booked.</summary>
    public Money? BookedValue { get; init; }

    /// <summary>The commitments made to win it: commitments of this account (linked by id).</summary>
    public IReadOnlyList<Guid> CommitmentIds { get; init; } = [];

    /// <summary>Optional note on the win.</summary>
    /// <example>Three-year contract signed by the CFO</example>
    public string? Note { get; init; }

    /// <summary>The business date it was won; defaults to the date of <c>occurredAt</c>, else today; not in the future.</summary>
    /// <example>2026-06-12</example>
    public DateOnly? WonOn { get; init; }
}

public static class WinOpportunityEndpoint
{
    public static async Task<IReadOnlyList<Commitment>> LoadAsync(WinOpportunity command, IQuerySession session, CancellationToken cancellation) =>
        command.CommitmentIds.Count == 0 ? [] : await session.LoadManyAsync<Commitment>(cancellation, command.CommitmentIds.Distinct());

    public static ProblemDetails Validate(WinOpportunity command, Opportunity opportunity, IReadOnlyList<Commitment> commitments, DateTimeOffset now)
    {
        var errors = new FieldErrors().Money("bookedValue", command.BookedValue, required: true).Optional("note", command.Note, FieldErrors.LongText);
        var dated = SalesRules.Dated(errors, command.OccurredAt, "wonOn", command.WonOn, opportunity.LastFactAt, "The opportunity's latest fact", now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        var unknown = command.CommitmentIds.Where(id => !commitments.Any(c => c.Id == id && c.AccountId == opportunity.AccountId)).ToList();
        return unknown.Count > 0
            ? Problems.Rule("unknown-commitment", $"commitmentIds: not commitments of this account: {string.Join(", ", unknown)}.")
            : Problems.None;
    }

    /// <summary>Win an opportunity.</summary>
    /// <remarks>Appends <c>OpportunityWon</c>: the value booked on <c>wonOn</c> and the commitments it created, linked by id.</remarks>
    [WolverinePost("/api/opportunities/{opportunityId}/win", OperationId = "WinOpportunity")]
    [Tags("Sales")]
    public static Events Post(WinOpportunity command, [WriteAggregate] Opportunity opportunity, DateTimeOffset now, ClaimsPrincipal user) =>
    [
        new OpportunityWon(opportunity.AccountId, opportunity.Id, command.BookedValue!, [.. command.CommitmentIds.Distinct()], command.Note?.Trim(),
            command.On(now, command.WonOn), command.When(now, command.WonOn), user.Actor()),
    ];
}
