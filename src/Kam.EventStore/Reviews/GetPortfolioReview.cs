using Kam.EventStore.Accounts;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Reviews;

/// <summary>A KAM's or a manager's portfolio on a date: each account's health, attainment, overdue commitments and coverage gaps.</summary>
/// <param name="Kam">The KAM whose accounts these are, when asked per KAM.</param>
/// <param name="Manager">The manager whose KAMs' accounts these are, when asked per manager.</param>
/// <param name="On">The business date.</param>
/// <param name="AsOf">The recorded instant.</param>
/// <param name="FormulaVersion">The health formula version every account is scored with.</param>
/// <param name="Bands">How many accounts are in each band of the formula, lowest first.</param>
/// <param name="OverdueCommitments">Overdue commitments across the portfolio.</param>
/// <param name="Accounts">The accounts, the lowest health band first, then by name.</param>
public sealed record PortfolioReview(
    string? Kam, string? Manager, DateOnly On, DateTimeOffset AsOf, int FormulaVersion, IReadOnlyList<BandCount> Bands, int OverdueCommitments,
    IReadOnlyList<ReviewedAccount> Accounts);

/// <summary>How many accounts are in a band.</summary>
public sealed record BandCount(string Band, int Accounts);

/// <summary>One account of a portfolio review.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Name">Its name then.</param>
/// <param name="Tier">Its tier then.</param>
/// <param name="Kam">Its KAM on the date.</param>
/// <param name="Score">Its health score.</param>
/// <param name="Band">Its health band.</param>
/// <param name="AttainmentPercent">Revenue booked against the budget of the parts of the budget period ended by the date; null when none has.</param>
/// <param name="ForecastAttainmentPercent">Forecast against the period's budget; null without a budget.</param>
/// <param name="OverdueCommitments">Open commitments past their due date.</param>
/// <param name="LevelsWithoutLink">Organisation levels where no stakeholder is linked to us.</param>
/// <param name="DecisionMakersWithoutStrongLink">Decision makers nobody of ours has a strong link to.</param>
/// <param name="SingleThreaded">Fewer than two of our people hold the account's links.</param>
public sealed record ReviewedAccount(
    Guid AccountId, string Name, AccountTier Tier, string? Kam, int? Score, string? Band, decimal? AttainmentPercent, decimal? ForecastAttainmentPercent,
    int OverdueCommitments, IReadOnlyList<OrganisationLevel> LevelsWithoutLink, int DecisionMakersWithoutStrongLink, bool SingleThreaded);

public static class GetPortfolioReviewEndpoint
{
    /// <summary>A portfolio review per KAM or per manager: their accounts with health, attainment, overdue commitments and coverage gaps.</summary>
    /// <remarks>
    /// The accounts whose KAM on <c>on</c> (default the date of <c>asOf</c>) is <c>kam</c>, or whose KAM reports to <c>manager</c> (as
    /// the KAM role is organised on the account, else in the people directory), as recorded by <c>asOf</c> (default now); ended
    /// designations left out. Each account's health under one formula version (default the one in force at <c>asOf</c>), the
    /// attainment and forecast signals, overdue commitments and coverage gaps, each from the account's whole view of then, the
    /// lowest bands first; with the count per band. Give at most one of <c>kam</c> and <c>manager</c>; neither is the caller's own
    /// portfolio as KAM.
    /// </remarks>
    /// <param name="kam">The KAM (person id); default the caller, when no manager is given.</param>
    /// <param name="manager">The manager (person id).</param>
    /// <param name="on">Business date (YYYY-MM-DD); default the date of <c>asOf</c>.</param>
    /// <param name="asOf">Recorded time (ISO 8601); default now.</param>
    /// <param name="formulaVersion">The health formula version; default the one in force at <c>asOf</c>.</param>
    [WolverineGet("/api/portfolio-reviews", OperationId = "GetPortfolioReview")]
    [Tags("Reviews")]
    [ProducesResponseType<PortfolioReview>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        IQuerySession session, DateTimeOffset now, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellation,
        string? kam = null, string? manager = null, DateOnly? on = null, DateTimeOffset? asOf = null, int? formulaVersion = null)
    {
        if (kam is not null && manager is not null)
        {
            return Results.Problem(Problems.Invalid("manager", "Give one of kam and manager, not both."));
        }

        if (kam is { } k && string.IsNullOrWhiteSpace(k) || manager is { } m && string.IsNullOrWhiteSpace(m))
        {
            return Results.Problem(Problems.Invalid(kam is null ? "manager" : "kam", "Must be a person id."));
        }

        kam ??= manager is null ? user.Actor() : null;

        var instant = PastViews.Instant(asOf, now);
        var date = on ?? PastViews.DateOf(instant);
        var (formula, problem) = await HealthReads.FormulaAsync(session, formulaVersion, instant, cancellation);
        if (formula is null)
        {
            return Results.Problem(problem);
        }

        var who = PersonIds.Normalize(kam ?? manager!);
        // Now, the accounts' KAMs are known from the status rows: only those accounts are viewed. Of another date, every account is.
        var candidates = asOf is null && on is null
            ? await session.Query<AccountStatus>().Where(a => !a.DesignationEnded && a.AccountManager != null && (kam == null || a.AccountManager == who))
                .Select(a => a.Id).ToListAsync(cancellation)
            : await session.Query<AccountStatus>().Select(a => a.Id).ToListAsync(cancellation);
        var views = new List<AccountView>();
        foreach (var chunk in candidates.Chunk(250))
        {
            views.AddRange((await AccountViewReads.AsOfAsync(session, chunk, instant, cancellation, date)).Values);
        }

        var kams = views.Select(v => (View: v, Kam: v.Roles!.Managers.On(date).FirstOrDefault()?.PersonId)).Where(x => x.Kam is not null && !x.View.Status!.DesignationEnded).ToList();
        if (manager is not null)
        {
            var directory = (await session.LoadManyAsync<Person>(cancellation, kams.Select(x => PersonIds.StreamId(x.Kam!)).Distinct()))
                .ToDictionary(p => p.PersonId, p => p.ProfileOn(date).ManagerPersonId);
            kams = [.. kams.Where(x => (x.View.Roles!.KamRole.On(date).FirstOrDefault(r => r.PersonId == x.Kam)?.ManagerPersonId ?? directory.GetValueOrDefault(x.Kam!)) == who)];
        }
        else
        {
            kams = [.. kams.Where(x => x.Kam == who)];
        }

        var accounts = kams.Select(x => Row(x.View, x.Kam, date, formula))
            .OrderBy(a => a.Band is { } band ? formula.RankOf(band) : int.MaxValue).ThenBy(a => a.Name.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(a => a.AccountId)
            .ToList();
        return Results.Ok(new PortfolioReview(kam is null ? null : who, manager is null ? null : who, date, instant, formula.Version,
            [.. formula.Bands.Select(b => new BandCount(b.Name, accounts.Count(a => a.Band == b.Name)))], accounts.Sum(a => a.OverdueCommitments), accounts));
    }

    private static ReviewedAccount Row(AccountView view, string? kam, DateOnly on, HealthFormula formula)
    {
        var health = HealthScores.Of(view, on, formula);
        decimal? Measure(HealthSignal signal) => HealthSignals.Measure(signal, view, on, new SignalRule(signal, 1, 1, 0), formula).Value;
        var stakeholders = view.Roles!.Stakeholders.On(on).ToList();
        var links = view.Roles.Links.On(on).Where(l => stakeholders.Any(s => s.StakeholderId == l.StakeholderId)).ToList();
        var linkedLevels = stakeholders.Where(s => links.Any(l => l.StakeholderId == s.StakeholderId)).Select(s => s.Profile.Level).ToHashSet();
        var strong = links.Where(l => l.Strength == LinkStrength.Strong).Select(l => l.StakeholderId).ToHashSet();
        return new ReviewedAccount(
            view.AccountId, view.Status!.Name, view.Status.Tier, kam, health.Score, health.Band,
            Measure(HealthSignal.BudgetAttainment), Measure(HealthSignal.ForecastAttainment),
            view.Commitments.Values.Count(c => c.IsOpen && c.DueOn < on),
            [.. Enum.GetValues<OrganisationLevel>().Where(l => !linkedLevels.Contains(l))],
            stakeholders.Count(s => s.Profile.BuyingRole == BuyingRole.DecisionMaker && !strong.Contains(s.StakeholderId)),
            links.Select(l => l.PersonId).Distinct(StringComparer.Ordinal).Count() < 2);
    }
}
