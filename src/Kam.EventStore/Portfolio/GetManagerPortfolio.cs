using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Portfolio;

/// <summary>A person's accounts as KAM on a date, and every account they ever managed.</summary>
/// <param name="PersonId">The person.</param>
/// <param name="On">The business date of <c>accounts</c>.</param>
/// <param name="Accounts">The accounts they managed on that date, with the account's current name.</param>
/// <param name="History">Every term as KAM, oldest first.</param>
public sealed record ManagerPortfolioOn(string PersonId, DateOnly On, IReadOnlyList<PortfolioAccount> Accounts, IReadOnlyList<PortfolioAccount> History);

/// <summary>An account in a portfolio.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Name">The account's current name.</param>
/// <param name="From">First day as its KAM.</param>
/// <param name="To">First day no longer its KAM; null while they are.</param>
public sealed record PortfolioAccount(Guid AccountId, string Name, DateOnly From, DateOnly? To);

public static class GetManagerPortfolioEndpoint
{
    /// <summary>A KAM's portfolio: the accounts they manage on a date, and who managed what when.</summary>
    /// <param name="personId">The person id (employee id or e-mail).</param>
    /// <param name="on">Business date (YYYY-MM-DD) of the current accounts; default today.</param>
    [WolverineGet("/api/people/{personId}/portfolio", OperationId = "GetManagerPortfolio")]
    [Tags("Role history")]
    [ProducesResponseType<ManagerPortfolioOn>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string personId, IQuerySession session, TimeProvider clock, CancellationToken cancellation, DateOnly? on = null)
    {
        var person = PersonIds.Normalize(personId);
        var portfolio = await session.LoadAsync<ManagerPortfolio>(person, cancellation);
        if (portfolio is null)
        {
            return Results.Problem(Problems.NotFound("Portfolio", person));
        }

        var date = on ?? GetAccountRolesEndpoint.Today(clock);
        var names = (await session.LoadManyAsync<AccountStatus>(cancellation, portfolio.Accounts.Select(a => a.AccountId).Distinct()))
            .ToDictionary(a => a.Id, a => a.Name);
        var history = portfolio.Accounts
            .Select(a => new PortfolioAccount(a.AccountId, names.GetValueOrDefault(a.AccountId, ""), a.From, a.To))
            .ToList();
        var current = portfolio.Accounts.On(date).Select(a => history.First(h => h.AccountId == a.AccountId && h.From == a.From)).ToList();
        return Results.Ok(new ManagerPortfolioOn(person, date, current, history));
    }
}
