using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Relationships;

/// <summary>A KAM and how many accounts they managed on the date asked about.</summary>
/// <param name="PersonId">The KAM.</param>
/// <param name="Accounts">How many accounts they managed on that date.</param>
/// <param name="AccountIds">Those accounts.</param>
public sealed record AccountManagerLoad(string PersonId, int Accounts, IReadOnlyList<Guid> AccountIds);

public static class ListAccountManagersEndpoint
{
    /// <summary>Where the previous page ended.</summary>
    public sealed record Position(string PersonId);

    /// <summary>Account managers and their number of accounts on a date.</summary>
    /// <remarks>
    /// Everyone who managed at least one account on the business date <c>on</c> (default today), by person id,
    /// keyset-paged. A page may hold fewer than <c>limit</c> managers when some scanned had no account that day.
    /// </remarks>
    /// <param name="on">Business date (YYYY-MM-DD); default today.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/account-managers", OperationId = "ListAccountManagers")]
    [Tags("Role history")]
    [ProducesResponseType<Page<AccountManagerLoad>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, TimeProvider clock, CancellationToken cancellation, DateOnly? on = null, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var date = on ?? GetAccountRolesEndpoint.Today(clock);
        var from = after?.PersonId ?? "";
        var portfolios = await session.Query<ManagerPortfolio>()
            .Where(p => p.Id.CompareTo(from) > 0)
            .OrderBy(p => p.Id)
            .Take(take + 1)
            .ToListAsync(cancellation);
        var page = portfolios.Take(take).ToList();
        var items = page
            .Select(p => new AccountManagerLoad(p.Id, p.Accounts.On(date).Count(), [.. p.Accounts.On(date).Select(a => a.AccountId)]))
            .Where(l => l.Accounts > 0)
            .ToList();
        var next = portfolios.Count > take ? Paging.Encode(new Position(page[^1].Id)) : null;
        return Results.Ok(new Page<AccountManagerLoad>(items, next));
    }
}
