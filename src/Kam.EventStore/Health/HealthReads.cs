using Kam.EventStore.History;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Health;

/// <summary>The one read path of health: the formula of a read, and an account's view and score as of an instant and a date.</summary>
public static class HealthReads
{
    /// <summary>
    /// The formula a read uses: version <paramref name="version"/> when asked for (400 naming <c>formulaVersion</c> when there is
    /// none), else the version in force at <paramref name="instant"/> (the latest registered by then).
    /// </summary>
    public static async Task<(HealthFormula? Formula, ProblemDetails Problem)> FormulaAsync(
        IQuerySession session, int? version, DateTimeOffset instant, CancellationToken cancellation)
    {
        var book = await session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation);
        if (version is not { } asked)
        {
            return (HealthFormulaBook.InForceAt(book, instant), Problems.None);
        }

        return HealthFormulaBook.Find(book, asked) is { } formula
            ? (formula, Problems.None)
            : (null, Problems.Invalid("formulaVersion", $"No formula version {asked}: the versions are 0-{book?.Versions.Count ?? 0}."));
    }

    /// <summary>
    /// The account's health on <paramref name="on"/> (default: the date of the instant) as recorded by <paramref name="instant"/>,
    /// with the view it was computed from; null when the account had not been designated by then.
    /// </summary>
    public static async Task<(AccountView View, HealthScore Health)?> ScoreAsync(
        IQuerySession session, Guid accountId, DateTimeOffset instant, DateOnly? on, HealthFormula formula, CancellationToken cancellation)
    {
        var date = on ?? PastViews.DateOf(instant);
        var view = await AccountViewReads.AsOfAsync(session, accountId, instant, cancellation, date);
        return view is null ? null : (view, HealthScores.Of(view, date, formula) with { AsOf = instant });
    }
}
