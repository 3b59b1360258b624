using System.Text.Json.Serialization;

namespace Kam.EventStore.Sales;

/// <summary>
/// A stretch of business dates, both ends included: a fiscal year, a quarter, a month, or the period an actual covers.
/// </summary>
public sealed record Period
{
    public Period(DateOnly from, DateOnly to)
    {
        From = from;
        To = to;
    }

    // Read by its properties rather than its constructor, so a request's unknown field inside a period is named by its path.
    [JsonConstructor]
    private Period()
    {
    }

    /// <summary>The first day of the period.</summary>
    /// <example>2026-01-01</example>
    [JsonRequired]
    public DateOnly From { get; init; }

    /// <summary>The last day of the period (included).</summary>
    /// <example>2026-12-31</example>
    [JsonRequired]
    public DateOnly To { get; init; }

    /// <summary>True when the date falls in the period.</summary>
    public bool Contains(DateOnly date) => From <= date && date <= To;

    /// <summary>True when this period lies wholly inside <paramref name="other"/>.</summary>
    public bool Within(Period other) => other.From <= From && To <= other.To;

    /// <summary>True when the two periods share at least one day.</summary>
    public bool Overlaps(Period other) => From <= other.To && other.From <= To;

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}

/// <summary>The field rules of periods, shared by budgets and actuals.</summary>
public static class PeriodRules
{
    /// <summary>A period that ends before it begins is refused (400, naming <c>{field}.to</c>).</summary>
    public static FieldErrors Period(this FieldErrors errors, string field, Period? period, bool required = true)
    {
        if (period is null)
        {
            return required ? errors.Add(field, "Required: from and to (YYYY-MM-DD).") : errors;
        }

        return period.To < period.From
            ? errors.Add($"{field}.to", $"Reversed: the period ends ({period.To:yyyy-MM-dd}) before it begins ({period.From:yyyy-MM-dd}).")
            : errors;
    }

    /// <summary>
    /// A breakdown of <paramref name="whole"/> (quarters, months or any contiguous parts): each part well formed, none
    /// overlapping another, together covering the whole period without a gap (400, each part named by its path).
    /// </summary>
    public static FieldErrors Breakdown(this FieldErrors errors, string field, Period whole, IReadOnlyList<Period> parts)
    {
        if (parts.Count == 0)
        {
            return errors.Add(field, "Required: the period's parts (quarters or months), together covering it.");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            errors.Period($"{field}[{i}].period", parts[i]);
            if (parts[i].To >= parts[i].From && !parts[i].Within(whole))
            {
                errors.Add($"{field}[{i}].period", $"Outside the period {whole}.");
            }

            for (var j = 0; j < i; j++)
            {
                if (parts[i].Overlaps(parts[j]))
                {
                    errors.Add($"{field}[{i}].period", $"Overlaps {field}[{j}] ({parts[j]}).");
                }
            }
        }

        var covered = parts.Where(p => p.To >= p.From).Sum(p => p.To.DayNumber - p.From.DayNumber + 1);
        if (!errors.Any && covered != whole.To.DayNumber - whole.From.DayNumber + 1)
        {
            errors.Add(field, $"The parts leave days of {whole} uncovered: together they must cover the whole period.");
        }

        return errors;
    }
}
