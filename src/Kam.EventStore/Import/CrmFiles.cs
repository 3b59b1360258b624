using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Sylvan.Data.Csv;

namespace Kam.EventStore.Import;

/// <summary>Something wrong in the export, located by file, line and column (line 0: the file as a whole).</summary>
public sealed record ImportProblem(string File, int Line, string Column, string Message)
{
    public override string ToString() =>
        (Line, Column) switch
        {
            (0, _) => $"{File}: {Message}",
            (_, "") => $"{File}:{Line}: {Message}",
            _ => $"{File}:{Line}: {Column}: {Message}",
        };
}

/// <summary>
/// The CSV files of a CRM export (comma-separated, RFC 4180 quoting, UTF-8, a header row). Columns are matched by name,
/// without case; a column the import does not know is refused rather than silently dropped, as unknown JSON fields are.
/// </summary>
public static class CrmFiles
{
    public const string People = "people.csv";
    public const string Accounts = "accounts.csv";
    public const string Contacts = "contacts.csv";
    public const string Owners = "owners.csv";
    public const string Activities = "activities.csv";

    /// <summary>
    /// The rows of <paramref name="file"/> in <paramref name="folder"/>: empty when the file is absent and optional.
    /// Problems with the file as a whole (missing, unreadable, a required column missing, an unknown column) go to
    /// <paramref name="problems"/> and yield no rows.
    /// </summary>
    public static IReadOnlyList<CrmRow> Read(
        string folder, string file, bool required, string[] requiredColumns, string[] optionalColumns, List<ImportProblem> problems)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            if (required)
            {
                problems.Add(new ImportProblem(file, 0, "", $"Missing: every export needs {file} (looked in {Path.GetFullPath(folder)})."));
            }

            return [];
        }

        try
        {
            return ReadRows(path, file, requiredColumns, optionalColumns, problems);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException or FormatException)
        {
            problems.Add(new ImportProblem(file, 0, "", $"Cannot be read as CSV: {e.Message}"));
            return [];
        }
    }

    private static List<CrmRow> ReadRows(
        string path, string file, string[] requiredColumns, string[] optionalColumns, List<ImportProblem> problems)
    {
        using var reader = CsvDataReader.Create(path, new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            HeaderComparer = StringComparer.OrdinalIgnoreCase,
        });

        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToArray();
        var known = requiredColumns.Concat(optionalColumns).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = columns.Where(c => !known.Contains(c)).ToList();
        var missing = requiredColumns.Where(c => !columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var duplicated = columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || duplicated.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"missing column(s) {string.Join(", ", missing)}");
            }

            if (unknown.Count > 0)
            {
                parts.Add($"unknown column(s) {string.Join(", ", unknown)} (known: {string.Join(", ", requiredColumns.Concat(optionalColumns))})");
            }

            if (duplicated.Count > 0)
            {
                parts.Add($"column(s) named twice: {string.Join(", ", duplicated)}");
            }

            problems.Add(new ImportProblem(file, 1, "", $"Header: {string.Join("; ", parts)}."));
            return [];
        }

        // Line numbers count physical lines, so a quoted field holding line breaks does not shift every later report.
        var line = 1 + columns.Sum(c => c.Count(ch => ch == '\n'));
        var rows = new List<CrmRow>();
        while (reader.Read())
        {
            line++;
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var breaks = 0;
            for (var i = 0; i < columns.Length; i++)
            {
                var value = i < reader.RowFieldCount ? reader.GetString(i) : "";
                breaks += value.Count(ch => ch == '\n');
                values[columns[i]] = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            }

            if (values.Values.Any(v => v is not null))
            {
                var row = new CrmRow(file, line, values);
                if (reader.RowFieldCount > columns.Length)
                {
                    row.Problems.Add(new ImportProblem(file, line, "", $"{reader.RowFieldCount} fields, but the header names {columns.Length}."));
                }

                rows.Add(row);
            }

            line += breaks;
        }

        return rows;
    }
}

/// <summary>
/// One record of an export file: its values by column (trimmed; empty means absent) and the problems found in it.
/// Typed reads record a problem and answer null when a value does not parse.
/// </summary>
public sealed class CrmRow(string file, int line, IReadOnlyDictionary<string, string?> values)
{
    /// <summary>Several values in one column (participants, topics, criteria) are separated by this.</summary>
    public const char ListSeparator = ';';

    public string File { get; } = file;

    public int Line { get; } = line;

    public List<ImportProblem> Problems { get; } = [];

    public bool Valid => Problems.Count == 0;

    public string? this[string column] => values.TryGetValue(column, out var value) ? value : null;

    public void Problem(string column, string message) => Problems.Add(new ImportProblem(File, Line, column, message));

    /// <summary>Takes over the field errors of the service's own rules (named by JSON path; here by column).</summary>
    public void Report(FieldErrors errors, Func<string, string>? column = null)
    {
        if (errors.ToProblem() is ProblemDetails { Extensions: var extensions } && extensions.TryGetValue("errors", out var found)
            && found is IReadOnlyDictionary<string, string[]> byField)
        {
            foreach (var (field, messages) in byField)
            {
                foreach (var message in messages)
                {
                    Problem(column?.Invoke(field) ?? field, message);
                }
            }
        }
    }

    public DateOnly? Date(string column, bool required)
    {
        var text = this[column];
        if (text is null)
        {
            return Missing<DateOnly>(column, required);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Problem(column, $"'{text}' is not a date: use YYYY-MM-DD.");
        return null;
    }

    /// <summary>A point in time with its UTC offset: a time without one would be guessed at, and the audit trail must not guess.</summary>
    public DateTimeOffset? Time(string column, bool required)
    {
        var text = this[column];
        if (text is null)
        {
            return Missing<DateTimeOffset>(column, required);
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return time;
        }

        Problem(column, $"'{text}' is not a time with its UTC offset: use e.g. 2025-03-04T10:30:00+02:00 or 2025-03-04T08:30:00Z.");
        return null;
    }

    /// <summary>An enum value by name, without case and ignoring spaces, dashes and underscores ("At risk" is AtRisk).</summary>
    public TEnum? Enum<TEnum>(string column, bool required) where TEnum : struct, Enum
    {
        var text = this[column];
        if (text is null)
        {
            return Missing<TEnum>(column, required);
        }

        var key = string.Concat(text.Where(char.IsLetterOrDigit));
        foreach (var name in System.Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return System.Enum.Parse<TEnum>(name);
            }
        }

        Problem(column, $"'{text}' must be one of: {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        return null;
    }

    public decimal? Amount(string column, bool required)
    {
        var text = this[column];
        if (text is null)
        {
            return Missing<decimal>(column, required);
        }

        if (decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(column, $"'{text}' is not a number: digits with an optional '.' decimal point, e.g. 1200000.50.");
        return null;
    }

    public int? WholeNumber(string column, bool required)
    {
        var text = this[column];
        if (text is null)
        {
            return Missing<int>(column, required);
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(column, $"'{text}' is not a whole number.");
        return null;
    }

    /// <summary>The values of a list column (separated by ';'), each trimmed, blanks dropped.</summary>
    public IReadOnlyList<string> List(string column) =>
        this[column]?.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>A required CRM id: the key the deterministic ids are made from.</summary>
    public string? Id(string column)
    {
        var text = this[column];
        if (text is null)
        {
            Problem(column, "Required; must not be blank.");
            return null;
        }

        if (text.Length > FieldErrors.ShortText || text.Any(char.IsControl))
        {
            Problem(column, $"At most {FieldErrors.ShortText} printable characters.");
            return null;
        }

        return text;
    }

    private T? Missing<T>(string column, bool required) where T : struct
    {
        if (required)
        {
            Problem(column, "Required.");
        }

        return null;
    }
}
