using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Relationships;

/// <summary>Who held which role on an account on one date.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="On">The business date of the view.</param>
/// <param name="Version">The account stream version the view was built from.</param>
/// <param name="AccountManager">The KAM on that date, null when the position was vacant.</param>
/// <param name="KamRole">How the KAM role was organised on that date, when recorded.</param>
/// <param name="Team">The account team on that date.</param>
/// <param name="Stakeholders">The customer's stakeholders on that date, as we knew them then.</param>
/// <param name="Links">Relationship links in force on that date.</param>
/// <param name="Competitors">Competitors present on that date.</param>
public sealed record AccountRolesOn(
    Guid AccountId,
    DateOnly On,
    long Version,
    ManagerTerm? AccountManager,
    KamRoleTerm? KamRole,
    IReadOnlyList<TeamTerm> Team,
    IReadOnlyList<StakeholderTerm> Stakeholders,
    IReadOnlyList<LinkTerm> Links,
    IReadOnlyList<CompetitorTerm> Competitors)
{
    public static AccountRolesOn From(AccountRoles roles, DateOnly on) => new(
        roles.Id,
        on,
        roles.Version,
        roles.Managers.On(on).FirstOrDefault(),
        roles.KamRole.On(on).FirstOrDefault(),
        [.. roles.Team.On(on)],
        [.. roles.Stakeholders.On(on)],
        [.. roles.Links.On(on)],
        [.. roles.Competitors.On(on)]);
}

public static class GetAccountRolesEndpoint
{
    /// <summary>Who held which role on the account on a date.</summary>
    /// <remarks>
    /// The KAM (and how the role was organised), the team, the stakeholders as we knew them then, the links and the
    /// competitors, as of the business date <c>on</c> (default: today). The intervals behind it are in <c>role-history</c>.
    /// With <c>asOf</c> (a recorded time), what the records said at that instant about that date: a handover recorded later,
    /// even backdated to before <c>on</c>, is not in it (<c>on</c> then defaults to the date of <c>asOf</c>).
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="on">Business date of the view (YYYY-MM-DD); default today, or the date of <c>asOf</c>.</param>
    /// <param name="asOf">Recorded time (ISO 8601): the roles as recorded by then; default now.</param>
    [WolverineGet("/api/accounts/{accountId}/roles", OperationId = "GetAccountRoles")]
    [Tags("Role history")]
    [ProducesResponseType<AccountRolesOn>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, TimeProvider clock, HttpContext context, CancellationToken cancellation, DateOnly? on = null,
        DateTimeOffset? asOf = null)
    {
        var (roles, problem) = await LoadAsync(session, accountId, asOf, clock, cancellation);
        if (roles is null)
        {
            return Results.Problem(problem);
        }

        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(roles.Version);
        return Results.Ok(AccountRolesOn.From(roles, on ?? DefaultDate(asOf, clock)));
    }

    /// <summary>The role history as it stands, or as recorded by <paramref name="asOf"/>; or the 404 problem.</summary>
    public static async Task<(AccountRoles? Roles, ProblemDetails Problem)> LoadAsync(
        IQuerySession session, Guid accountId, DateTimeOffset? asOf, TimeProvider clock, CancellationToken cancellation)
    {
        if (asOf is null)
        {
            // The role history moves only on role facts; its version is the account stream's, read with it.
            var batch = session.CreateBatchQuery();
            var loaded = batch.Load<AccountRoles>(accountId);
            var stream = batch.Events.FetchStreamState(accountId);
            await batch.Execute(cancellation);
            var roles = await loaded;
            if (roles is null)
            {
                return (null, Problems.NotFound("Key account", accountId));
            }

            roles.Version = (await stream).Version;
            return (roles, Problems.None);
        }

        var instant = History.PastViews.Instant(asOf, clock);
        var view = await History.AccountViewReads.AsOfAsync(session, accountId, instant, cancellation);
        return (view?.Roles, view is null ? History.GetAccountViewEndpoint.NotYet(accountId, instant) : Problems.None);
    }

    /// <summary>The business date a view shows by default: today, or the date of its <c>asOf</c>.</summary>
    public static DateOnly DefaultDate(DateTimeOffset? asOf, TimeProvider clock) =>
        asOf is null ? Today(clock) : History.PastViews.DateOf(History.PastViews.Instant(asOf, clock));

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

public static class GetRoleHistoryEndpoint
{
    /// <summary>The account's role history as dated intervals.</summary>
    /// <remarks>
    /// Every KAM term (with the handover note received), KAM role organisation, team seat, stakeholder profile,
    /// relationship link and competitor presence, each from <c>from</c> (inclusive) to <c>to</c> (exclusive, null while it lasts).
    /// With <c>asOf</c> (a recorded time): the history as the records had it at that instant.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">Recorded time (ISO 8601): the history as recorded by then; default now.</param>
    [WolverineGet("/api/accounts/{accountId}/role-history", OperationId = "GetRoleHistory")]
    [Tags("Role history")]
    [ProducesResponseType<AccountRoles>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, HttpContext context, TimeProvider clock, CancellationToken cancellation, DateTimeOffset? asOf = null)
    {
        var (roles, problem) = await GetAccountRolesEndpoint.LoadAsync(session, accountId, asOf, clock, cancellation);
        if (roles is null)
        {
            return Results.Problem(problem);
        }

        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(roles.Version);
        return Results.Ok(roles);
    }
}

/// <summary>One stakeholder's history: every profile interval and every link to our people.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="StakeholderId">The stakeholder.</param>
/// <param name="Profiles">Profile intervals, oldest first; the last one has <c>left</c> when they left the customer.</param>
/// <param name="Links">Link intervals with our people.</param>
public sealed record StakeholderHistory(Guid AccountId, Guid StakeholderId, IReadOnlyList<StakeholderTerm> Profiles, IReadOnlyList<LinkTerm> Links);

public static class GetStakeholderEndpoint
{
    /// <summary>One stakeholder's history on the account.</summary>
    /// <remarks>With <c>asOf</c> (a recorded time): the history as the records had it at that instant.</remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="stakeholderId">The stakeholder.</param>
    /// <param name="asOf">Recorded time (ISO 8601): the history as recorded by then; default now.</param>
    [WolverineGet("/api/accounts/{accountId}/stakeholders/{stakeholderId}", OperationId = "GetStakeholder")]
    [Tags("Stakeholders")]
    [ProducesResponseType<StakeholderHistory>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, Guid stakeholderId, IQuerySession session, TimeProvider clock, CancellationToken cancellation, DateTimeOffset? asOf = null)
    {
        var (roles, _) = await GetAccountRolesEndpoint.LoadAsync(session, accountId, asOf, clock, cancellation);
        var profiles = roles?.Stakeholders.Where(s => s.StakeholderId == stakeholderId).ToList() ?? [];
        return profiles.Count == 0
            ? Results.Problem(Problems.NotFound("Stakeholder", stakeholderId))
            : Results.Ok(new StakeholderHistory(accountId, stakeholderId, profiles, [.. roles!.Links.Where(l => l.StakeholderId == stakeholderId)]));
    }
}
