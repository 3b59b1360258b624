using System.Text;
using JasperFx.Events;
using Kam.EventStore.History;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Health;

/// <summary>An account's health day by day.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="AsOf">The recorded instant every day is seen as of.</param>
/// <param name="FormulaVersion">The one formula version every day is scored with, so the days compare.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Days">Each day's score and band, oldest first.</param>
public sealed record HealthHistory(Guid AccountId, DateTimeOffset AsOf, int FormulaVersion, DateOnly From, DateOnly To, IReadOnlyList<HealthDay> Days);

/// <summary>The health of one day.</summary>
/// <param name="On">The business date.</param>
/// <param name="Score">The score that day; null before the account was designated (or when no signal applied).</param>
/// <param name="Band">Its band.</param>
public sealed record HealthDay(DateOnly On, int? Score, string? Band);

public static class GetHealthHistoryEndpoint
{
    /// <summary>The longest series one request returns.</summary>
    public const int MaxDays = 366;

    /// <summary>An account's health on each of the last N days, as recorded at one instant, under one formula version.</summary>
    /// <remarks>
    /// For each business date from <c>to</c> (default the date of <c>asOf</c>) back <c>days</c> days (1-366, default 30): the
    /// score and band the account had on that date (see <c>GET /api/accounts/{accountId}/health?on=</c>, which gives each day's
    /// explanation), as recorded by <c>asOf</c> (default now), all under one formula version (default the one in force at
    /// <c>asOf</c>). Cheap whatever the account's history: it starts from the view checkpoint nearest the first day and folds the
    /// account's later events forward once, a day at a time, scoring each day; only when a fact recorded earlier is dated after a
    /// fact recorded later does a day fold again from the checkpoint. Days before the designation have no score.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="days">How many days, 1-366; default 30.</param>
    /// <param name="to">The last business date (YYYY-MM-DD); default the date of <c>asOf</c>.</param>
    /// <param name="asOf">Recorded time (ISO 8601) every day is seen as of; default now.</param>
    /// <param name="formulaVersion">The formula version; default the one in force at <c>asOf</c>.</param>
    [WolverineGet("/api/accounts/{accountId}/health/history", OperationId = "GetHealthHistory")]
    [Tags("Health")]
    [ProducesResponseType<HealthHistory>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, DateTimeOffset now, CancellationToken cancellation,
        int? days = null, DateOnly? to = null, DateTimeOffset? asOf = null, int? formulaVersion = null)
    {
        if (days is < 1 or > MaxDays)
        {
            return Results.Problem(Problems.Invalid("days", $"Must be between 1 and {MaxDays}."));
        }

        var instant = PastViews.Instant(asOf, now);
        var (formula, problem) = await HealthReads.FormulaAsync(session, formulaVersion, instant, cancellation);
        if (formula is null)
        {
            return Results.Problem(problem);
        }

        var last = to ?? PastViews.DateOf(instant);
        var first = last.AddDays(1 - (days ?? 30));
        var (series, designated) = await SeriesAsync(session, accountId, instant, first, last, formula, cancellation);
        return designated
            ? Results.Ok(new HealthHistory(accountId, instant, formula.Version, first, last, series))
            : Results.Problem(GetAccountViewEndpoint.NotYet(accountId, instant, last));
    }

    /// <summary>
    /// The account's health on each date from <paramref name="first"/> to <paramref name="last"/> as recorded by
    /// <paramref name="instant"/>: one checkpoint and the events after it, folded forward a day at a time.
    /// </summary>
    public static async Task<(IReadOnlyList<HealthDay> Days, bool Designated)> SeriesAsync(
        IQuerySession session, Guid accountId, DateTimeOffset instant, DateOnly first, DateOnly last, HealthFormula formula, CancellationToken cancellation)
    {
        var (start, later) = await AccountViewReads.RunAsync(session, accountId, instant, first, last, cancellation);
        var serializer = session.DocumentStore.Options.Serializer();
        var startJson = start is null ? null : Encoding.UTF8.GetBytes(serializer.ToJson(start.View));
        AccountView Fresh() => startJson is null ? AccountView.Empty(accountId) : serializer.FromJson<AccountView>(new MemoryStream(startJson));

        return Fold(Fresh, later, first, last, formula);
    }

    /// <summary>
    /// The fold behind <see cref="SeriesAsync"/>, pure: the view of date D is the start plus the events dated by D, in the order
    /// recorded. Going forward, the events dated D are folded onto the view of D-1 when every one of them was recorded after
    /// everything already folded (the usual case: facts recorded as they happen, or backdated in the order they happened); else
    /// the view of D is folded again from a fresh copy of the start, so every day is exactly what a view of that date would be.
    /// </summary>
    public static (IReadOnlyList<HealthDay> Days, bool Designated) Fold(Func<AccountView> fresh, IReadOnlyList<IEvent> later, DateOnly first, DateOnly last, HealthFormula formula)
    {
        var events = later.OrderBy(e => e.Sequence).Select(e => (Event: e, On: BusinessTime.DateOf(e.Data))).ToList();
        var view = fresh();
        var folded = view.Sequence;
        var series = new List<HealthDay>(last.DayNumber - first.DayNumber + 1);
        for (var on = first; on <= last; on = on.AddDays(1))
        {
            var day = on;
            var due = events.Where(x => day == first ? x.On <= day : x.On == day).Select(x => x.Event).ToList();
            if (due.Count > 0)
            {
                if (due[0].Sequence > folded)
                {
                    view = AccountViews.Fold(view, due);
                }
                else
                {
                    view = AccountViews.Fold(fresh(), events.Where(x => x.On <= day).Select(x => x.Event));
                }

                folded = Math.Max(folded, due[^1].Sequence);
            }

            if (view.Status is null)
            {
                series.Add(new HealthDay(on, null, null));
                continue;
            }

            var health = HealthScores.Of(view, on, formula);
            series.Add(new HealthDay(on, health.Score, health.Band));
        }

        return (series, view.Status is not null);
    }
}
