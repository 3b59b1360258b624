using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Infrastructure;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.History;

/// <summary>The whole account as the records stood at an instant.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="AsOf">The recorded time the view is as of.</param>
/// <param name="On">The business date the roles are shown on.</param>
/// <param name="Version">The account stream's version then.</param>
/// <param name="Sequence">Global sequence of the last event of the account recorded by then.</param>
/// <param name="EventCount">How many events of the account (from all its streams) had been recorded by then.</param>
/// <param name="Status">The status as it read then, with the commitment counts and the contact activity of then ("last 30 days" counted back from <c>asOf</c>).</param>
/// <param name="Roles">Who held which role on <c>on</c>, as recorded by then: KAM, team, stakeholders, links, competitors.</param>
/// <param name="OpenCommitments">The commitments open then (in force or pending approval), each as it stood then.</param>
public sealed record AccountAsOf(
    Guid AccountId, DateTimeOffset AsOf, DateOnly On, long Version, long Sequence, int EventCount, AccountStatus Status, AccountRolesOn Roles,
    IReadOnlyList<Commitment> OpenCommitments)
{
    public static AccountAsOf From(AccountView view, AccountStatus status, DateTimeOffset asOf, DateOnly on) => new(
        view.AccountId, asOf, on, view.Version, view.Sequence, view.EventCount, status,
        AccountRolesOn.From(view.Roles!, on), [.. view.Commitments.Values.Where(c => c.IsOpen)]);
}

public static class GetAccountViewEndpoint
{
    /// <summary>The whole account as the records stood at an instant, in one call.</summary>
    /// <remarks>
    /// Status, KAM, team, stakeholders and links, competitors and open commitments, across every stream that belongs to the
    /// account, exactly as recorded by <c>asOf</c> (recorded time; default now; a time ahead of now reads as now): facts
    /// recorded later, backdated or not, are not in it, and each commitment is in the state the records showed then. Roles
    /// are shown on the business date <c>on</c> (default: the date of <c>asOf</c>), so <c>asOf</c> + <c>on</c> answers "what did
    /// our records say at T about who held the account on D". 404 when the account had not been designated by then.
    /// Costs the same however long the account's history: it starts from the nearest checkpoint and replays what came after.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601) the view is as of; default now.</param>
    /// <param name="on">Business date (YYYY-MM-DD) of the roles; default the date of <c>asOf</c>.</param>
    [WolverineGet("/api/accounts/{accountId}/view", OperationId = "GetAccountView")]
    [Tags("History")]
    [ProducesResponseType<AccountAsOf>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IDocumentStore store, TimeProvider clock, HttpContext context, CancellationToken cancellation,
        DateTimeOffset? asOf = null, DateOnly? on = null)
    {
        // A plain query session: a read needs neither a message context nor an outbox.
        await using var session = store.QuerySession();
        var instant = PastViews.Instant(asOf, clock);
        var view = await AccountViewReads.AsOfAsync(session, accountId, instant, cancellation);
        if (view is null)
        {
            return Results.Problem(NotYet(accountId, instant));
        }

        var status = await AccountStatusReads.ShowAsync(session, view, instant, cancellation);
        var past = AccountAsOf.From(view, status, instant, on ?? PastViews.DateOf(instant));
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(view.Version);
        return Results.Ok(past);
    }

    /// <summary>The account is unknown, or had not been designated by the instant.</summary>
    public static ProblemDetails NotYet(Guid accountId, DateTimeOffset asOf) =>
        Problems.Make(StatusCodes.Status404NotFound, "not-found", "Key account not found.",
            $"No key account with id '{accountId}' had been recorded by {asOf:O}.");
}
