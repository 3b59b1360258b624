using Kam.EventStore.Commitments;
using Kam.EventStore.Health;
using Kam.EventStore.Plans;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.History;

/// <summary>The whole account as the records stood at an instant, or as the facts stood on a business date.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="AsOf">The recorded time the view is as of.</param>
/// <param name="On">The business date the view is of: the roles on it, and (when asked for) the status and commitments as they stood then.</param>
/// <param name="Version">The account stream's version then.</param>
/// <param name="Sequence">Global sequence of the last event of the account recorded by then.</param>
/// <param name="EventCount">How many events of the account (from all its streams) had been recorded by then.</param>
/// <param name="Status">The status as it read then, with the commitment counts and the contact activity of then ("last 30 days" counted back from <c>asOf</c>).</param>
/// <param name="Roles">Who held which role on <c>on</c>, as recorded by then: KAM, team, stakeholders, links, competitors.</param>
/// <param name="OpenCommitments">The commitments open then (in force or pending approval), each as it stood then.</param>
/// <param name="ByBusinessDate">True when the status and commitments are those of the facts dated by <c>on</c> (the request gave <c>on</c>); false when they are everything recorded by <c>asOf</c>.</param>
/// <param name="Sales">The account's sales then: revenue budgets and actuals, opportunities, negotiations with their concessions (never a mandate).</param>
/// <param name="Plans">The account plans then: period, status, latest version (each plan's every version: <c>GET /api/plans/{planId}</c>).</param>
/// <param name="Projects">The joint development projects then: status, colour, budget, late milestones on <c>on</c>, open risks and issues, pending changes.</param>
/// <param name="Health">The account's health on <c>on</c> under the formula version in force at <c>asOf</c>, with each signal's part (see <c>GET /api/accounts/{accountId}/health</c>).</param>
public sealed record AccountAsOf(
    Guid AccountId, DateTimeOffset AsOf, DateOnly On, long Version, long Sequence, int EventCount, AccountStatus Status, AccountRolesOn Roles,
    IReadOnlyList<Commitment> OpenCommitments, bool ByBusinessDate, AccountSales? Sales, IReadOnlyList<PlanSummary> Plans, IReadOnlyList<ProjectSummary> Projects,
    HealthScore? Health = null)
{
    public static AccountAsOf From(AccountView view, AccountStatus status, DateTimeOffset asOf, DateOnly on, bool byBusinessDate) => new(
        view.AccountId, asOf, on, view.Version, view.Sequence, view.EventCount, status,
        AccountRolesOn.From(view.Roles!, on), [.. view.Commitments.Values.Where(c => c.IsOpen)], byBusinessDate, view.Sales,
        [.. view.Plans.Values.Select(PlanSummary.Of)], [.. view.Projects.Values.Select(p => ProjectSummary.Of(p, on))]);
}

public static class GetAccountViewEndpoint
{
    /// <summary>The whole account as the records stood at an instant, or as the facts stood on a business date, in one call.</summary>
    /// <remarks>
    /// Status, KAM, team, stakeholders and links, competitors, open commitments, sales, plans and projects, and health (under the formula version in
    /// force at <c>asOf</c>), across every stream that belongs to the account. Without <c>on</c>: exactly as recorded by <c>asOf</c> (recorded time; default now; a time ahead of now reads as
    /// now): facts recorded later, backdated or not, are not in it, each commitment is in the state the records showed then, and
    /// the roles are those of the date of <c>asOf</c>. With <c>on</c> (a business date): the whole account as the facts dated by
    /// then stood on that date (as recorded by <c>asOf</c>): status, roles and commitments (overdue when open and past the due
    /// date in force on that date), so <c>asOf</c> + <c>on</c> answers "what did our records say at T about the account on D".
    /// The contact activity counts the interactions as recorded by <c>asOf</c> in the 30 and 90 days up to the end of <c>on</c>
    /// (or up to <c>asOf</c>). 404 when the account had not been designated by then. Costs the same however long the account's
    /// history: it starts from the nearest checkpoint and replays what came after.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601) the view is as of; default now.</param>
    /// <param name="on">Business date (YYYY-MM-DD) the view is of; default: everything recorded by <c>asOf</c>, roles on its date.</param>
    [WolverineGet("/api/accounts/{accountId}/view", OperationId = "GetAccountView")]
    [Tags("History")]
    [ProducesResponseType<AccountAsOf>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IDocumentStore store, DateTimeOffset now, HttpContext context, IOptions<StageProbabilities> probabilities,
        CancellationToken cancellation, DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        var instant = PastViews.Instant(asOf, now);
        var view = await AccountViewReads.AsOfAsync(session, accountId, instant, cancellation, on);
        if (view is null)
        {
            return Results.Problem(NotYet(accountId, instant, on));
        }

        var status = await AccountStatusReads.ShowAsync(session, view, instant, on, probabilities.Value, cancellation);
        var past = AccountAsOf.From(view, status, instant, on ?? PastViews.DateOf(instant), on is not null);
        var formula = HealthFormulaBook.InForceAt(await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation), instant);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(view.Version);
        return Results.Ok(past with { Health = HealthScores.Of(view, past.On, formula) with { AsOf = instant } });
    }

    /// <summary>The account is unknown, or had not been designated by the instant (or the business date).</summary>
    public static ProblemDetails NotYet(Guid accountId, DateTimeOffset asOf, DateOnly? on = null) =>
        Problems.Make(StatusCodes.Status404NotFound, "not-found", "Key account not found.", on is { } date
            ? $"No key account with id '{accountId}' had been designated by {date:yyyy-MM-dd} as recorded by {asOf:O}."
            : $"No key account with id '{accountId}' had been recorded by {asOf:O}.");
}
