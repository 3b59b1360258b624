using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Domain;

/// <summary>
/// Collects field-level validation errors under their JSON paths (e.g. <c>revenueBudget.currency</c>)
/// and turns them into one 400 problem naming every offending field.
/// </summary>
public sealed class FieldErrors
{
    /// <summary>Longest accepted single-line text (names, ids, titles).</summary>
    public const int ShortText = 200;

    /// <summary>Longest accepted free text (reasons, summaries, notes).</summary>
    public const int LongText = 4000;

    /// <summary>How far in the future a business time may lie, to absorb clock skew between clients and us.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    /// <summary>A required, non-blank text of at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors Required(string field, string? value, int maxLength = ShortText)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "Required; must not be blank.");
        }

        return Optional(field, value, maxLength);
    }

    /// <summary>An optional text: when present, not blank and at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors Optional(string field, string? value, int maxLength = ShortText)
    {
        if (value is null)
        {
            return this;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "Must not be blank when given.");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL text and jsonb cannot hold U+0000; every other character is kept verbatim.
            return Add(field, "Must not contain the NUL character (U+0000).");
        }

        return value.Length > maxLength ? Add(field, $"At most {maxLength} characters.") : this;
    }

    /// <summary>A list of short texts: each non-blank and bounded, at most <paramref name="maxItems"/> items.</summary>
    public FieldErrors Texts(string field, IReadOnlyList<string>? values, bool required, int maxItems = 50)
    {
        if (values is null || values.Count == 0)
        {
            return required ? Add(field, "Required; give at least one.") : this;
        }

        if (values.Count > maxItems)
        {
            Add(field, $"At most {maxItems} items.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            Required($"{field}[{i}]", values[i]);
        }

        return this;
    }

    /// <summary>An amount that is not negative, in an ISO 4217 currency.</summary>
    public FieldErrors Money(string field, Money? money, bool required)
    {
        if (money is null)
        {
            return required ? Add(field, "Required.") : this;
        }

        if (money.Amount < 0)
        {
            Add($"{field}.amount", "Must not be negative.");
        }

        if (!Kam.EventStore.Domain.Money.IsCurrency(money.Currency))
        {
            Add($"{field}.currency", "Must be an ISO 4217 currency code in upper case, e.g. EUR.");
        }

        return this;
    }

    /// <summary>A business time that is not in the future (beyond the allowed clock skew).</summary>
    public FieldErrors NotInFuture(string field, DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is { } value && value > now + AllowedClockSkew)
        {
            Add(field, "Must not be in the future.");
        }

        return this;
    }

    /// <summary>A business date that is not in the future.</summary>
    public FieldErrors NotInFuture(string field, DateOnly? date, DateTimeOffset now)
    {
        if (date is { } value && value > DateOnly.FromDateTime((now + AllowedClockSkew).UtcDateTime))
        {
            Add(field, "Must not be in the future.");
        }

        return this;
    }

    /// <summary>A required value that is not text (an enum, a date, a yes/no): it must be present.</summary>
    public FieldErrors Present<T>(string field, T? value) where T : struct => value is null ? Add(field, "Required.") : this;

    /// <summary>An enum value that is one of the defined names (JSON numbers outside the range are refused).</summary>
    public FieldErrors Defined<TEnum>(string field, TEnum? value) where TEnum : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v))
        {
            Add(field, $"Must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }

        return this;
    }

    /// <summary>A 400 problem naming every field, or Wolverine's "no problems" when there are none.</summary>
    public ProblemDetails ToProblem() =>
        Any ? Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal)) : Problems.None;
}
