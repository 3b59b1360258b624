using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Health;

/// <summary>Register a new version of the health formula: weights, thresholds, bands and the forecast's stage probabilities.</summary>
public sealed record RegisterHealthFormula : IExpectVersion
{
    /// <summary>A short name for the version.</summary>
    /// <example>Coverage first</example>
    public string Name { get; init; } = "";

    /// <summary>Why this version: kept with it forever.</summary>
    /// <example>Decision makers and contact weigh more; competitors less.</example>
    public string Reason { get; init; } = "";

    /// <summary>The signals that count (each at most once), with a weight (not negative; at least one above 0) and the good and bad values.</summary>
    /// <example>[{"signal":"LevelsLinked","weight":10,"good":3,"bad":0},{"signal":"DecisionMakersStronglyLinked","weight":20,"good":100,"bad":0},{"signal":"DaysSinceContact","weight":20,"good":21,"bad":120},{"signal":"OverdueCommitments","weight":15,"good":0,"bad":3},{"signal":"BrokenCommitments","weight":10,"good":0,"bad":2,"windowDays":365},{"signal":"BudgetAttainment","weight":15,"good":100,"bad":70},{"signal":"CompetitorsPresent","weight":10,"good":0,"bad":4}]</example>
    public IReadOnlyList<SignalRule> Signals { get; init; } = [];

    /// <summary>The bands, lowest first or in any order: together they cover the scores 0-100, each score in exactly one.</summary>
    /// <example>[{"name":"Red","min":0,"max":44},{"name":"Amber","min":45,"max":69},{"name":"Green","min":70,"max":100}]</example>
    public IReadOnlyList<HealthBand> Bands { get; init; } = [];

    /// <summary>The forecast's stage probabilities in percent (0-100); default: those configured now (<c>Sales:StageProbabilities</c>).</summary>
    public StageWeights? StageProbabilities { get; init; }

    /// <summary>The number of the latest version this one was decided on (0 when none is registered yet); a mismatch is refused with 409.</summary>
    public long? Version { get; init; }
}

/// <summary>What registering a version answers (201, with its address).</summary>
/// <param name="Version">The new version's number.</param>
/// <param name="RegisteredAt">When it was registered: scores as of then on use it by default.</param>
public sealed record HealthFormulaVersionCreated(int Version, DateTimeOffset RegisteredAt) : CreationResponse($"/api/health-formulas/{Version}");

public static class RegisterHealthFormulaEndpoint
{
    public static Task<HealthFormulaBook?> LoadAsync(IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<HealthFormulaBook>(HealthFormulaBook.StreamId, cancellation);

    public static ProblemDetails Validate(RegisterHealthFormula command, HealthFormulaBook? book, HttpContext context) => Problems.FirstOf(
        HealthFormulaRules.Check(command.Name, command.Reason, command.Signals, command.Bands, command.StageProbabilities),
        ExpectedVersion.Check(context, command.Version, book?.Versions.Count ?? 0));

    /// <summary>Register a new version of the health formula (admins only).</summary>
    /// <remarks>
    /// Appends <c>HealthFormulaRegistered</c> to the formula's stream, numbered one above the latest version (the built-in version 0
    /// is always there). A version never changes: scores and issued reviews name the version they used. From the moment it is
    /// registered, scores as of an instant from then on use it unless another version is asked for; any instant can be scored
    /// under any version. Refused (400) with a negative weight, no weight above 0, a signal twice, good equal to bad, a window on
    /// another signal than <c>BrokenCommitments</c>; (422) with bands that overlap (<c>overlapping-bands</c>) or leave scores
    /// uncovered (<c>bands-leave-a-gap</c>). Answers 201 with the version's address.
    /// </remarks>
    [WolverinePost("/api/health-formulas", OperationId = "RegisterHealthFormula")]
    [Tags("Health")]
    public static (HealthFormulaVersionCreated, RegisterFormulaVersion) Post(
        RegisterHealthFormula command, HealthFormulaBook? book, IOptions<Sales.StageProbabilities> configured, DateTimeOffset now, ClaimsPrincipal user)
    {
        var version = (book?.Versions.Count ?? 0) + 1;
        var registered = new HealthFormulaRegistered(
            version, command.Name.Trim(), command.Reason.Trim(),
            [.. command.Signals.OrderBy(s => s.Signal).Select(s => s.Signal == HealthSignal.BrokenCommitments ? s with { WindowDays = s.WindowDays ?? HealthFormulas.DefaultBrokenWindowDays } : s)],
            [.. command.Bands.OrderBy(b => b.Min).Select(b => b with { Name = b.Name.Trim() })],
            command.StageProbabilities ?? StageWeights.From(configured.Value), now, user.Actor());
        return (new HealthFormulaVersionCreated(version, now), new RegisterFormulaVersion(version, registered));
    }
}

/// <summary>Starts the formula's stream with version 1, or appends a later version asserting the one before it was the latest.</summary>
public sealed record RegisterFormulaVersion(int Version, HealthFormulaRegistered Registered) : IMartenOp
{
    public void Execute(IDocumentSession session)
    {
        if (Version == 1)
        {
            session.Events.StartStream<HealthFormulaBook>(HealthFormulaBook.StreamId, Registered);
        }
        else
        {
            session.Events.Append(HealthFormulaBook.StreamId, Version, Registered);
        }
    }
}

/// <summary>The rules a formula version must meet: pure, so they are tested without a host.</summary>
public static class HealthFormulaRules
{
    public static ProblemDetails Check(string name, string reason, IReadOnlyList<SignalRule> signals, IReadOnlyList<HealthBand> bands, StageWeights? probabilities)
    {
        var errors = new FieldErrors().Required("name", name).Required("reason", reason, FieldErrors.LongText);
        if (signals.Count == 0)
        {
            errors.Add("signals", "Required: give at least one signal.");
        }

        for (var i = 0; i < signals.Count; i++)
        {
            if (signals[i] is not { } rule)
            {
                errors.Add($"signals[{i}]", "Must not be null.");
                continue;
            }

            errors.Defined($"signals[{i}].signal", (HealthSignal?)rule.Signal);
            if (rule.Weight < 0)
            {
                errors.Add($"signals[{i}].weight", "Must not be negative.");
            }

            if (rule.Good == rule.Bad)
            {
                errors.Add($"signals[{i}].bad", "Must differ from good: points run from bad (0) to good (100).");
            }

            if (rule.WindowDays is { } window && rule.Signal != HealthSignal.BrokenCommitments)
            {
                errors.Add($"signals[{i}].windowDays", "Only BrokenCommitments takes a window.");
            }
            else if (rule.WindowDays is < 1 or > 3650)
            {
                errors.Add($"signals[{i}].windowDays", "Must be between 1 and 3650 days.");
            }

            if (signals.Take(i).Any(s => s?.Signal == rule.Signal))
            {
                errors.Add($"signals[{i}].signal", $"{rule.Signal} is given twice.");
            }
        }

        if (signals.Count > 0 && signals.All(s => s is null || s.Weight <= 0))
        {
            errors.Add("signals", "At least one signal must weigh more than 0.");
        }

        if (bands.Count == 0)
        {
            errors.Add("bands", "Required: give the bands covering the scores 0-100.");
        }

        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i] is null)
            {
                errors.Add($"bands[{i}]", "Must not be null.");
                continue;
            }

            errors.Required($"bands[{i}].name", bands[i].Name, 50);
            if (bands[i].Min is < 0 or > 100)
            {
                errors.Add($"bands[{i}].min", "Must be between 0 and 100.");
            }

            if (bands[i].Max is < 0 or > 100)
            {
                errors.Add($"bands[{i}].max", "Must be between 0 and 100.");
            }

            if (bands[i].Max < bands[i].Min)
            {
                errors.Add($"bands[{i}].max", "Must not be below min.");
            }

            if (bands.Take(i).Any(b => b is not null && string.Equals(b.Name.Trim(), bands[i].Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"bands[{i}].name", "Each band needs a name of its own.");
            }
        }

        if (probabilities is { } p)
        {
            foreach (var (field, value) in new[] { ("identify", p.Identify), ("qualify", p.Qualify), ("propose", p.Propose), ("negotiate", p.Negotiate) })
            {
                if (value is < 0 or > 100)
                {
                    errors.Add($"stageProbabilities.{field}", "Must be a percentage, 0-100.");
                }
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return Coverage(bands);
    }

    /// <summary>Every score 0-100 in exactly one band: no two bands share a score, and no score is left out.</summary>
    private static ProblemDetails Coverage(IReadOnlyList<HealthBand> bands)
    {
        var ordered = bands.OrderBy(b => b.Min).ThenBy(b => b.Max).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Min <= ordered[i - 1].Max)
            {
                return Problems.Rule("overlapping-bands",
                    $"bands: {Show(ordered[i - 1])} and {Show(ordered[i])} overlap; each score must fall into exactly one band.");
            }
        }

        var expected = 0;
        foreach (var band in ordered)
        {
            if (band.Min != expected)
            {
                return Problems.Rule("bands-leave-a-gap",
                    $"bands: no band covers {(band.Min - 1 == expected ? $"{expected}" : $"{expected}-{band.Min - 1}")}; together the bands must cover 0-100.");
            }

            expected = band.Max + 1;
        }

        return expected == 101
            ? Problems.None
            : Problems.Rule("bands-leave-a-gap", $"bands: no band covers {(expected == 100 ? "100" : $"{expected}-100")}; together the bands must cover 0-100.");
    }

    private static string Show(HealthBand band) => $"{band.Name} ({band.Min}-{band.Max})";
}
