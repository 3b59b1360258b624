using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Health;

/// <summary>
/// Every registered version of the health formula, in order: the write model of the formula's stream and, kept inline, the
/// document every score reads its formula from. Version 0 (<see cref="HealthFormulas.BuiltIn"/>) is not in it: it is built in.
/// </summary>
/// <param name="Id">The formula stream (<see cref="StreamId"/>).</param>
/// <param name="Versions">The registered versions: version N is <c>Versions[N-1]</c>.</param>
[DuplicateRule("formula-version-taken")]
public sealed record HealthFormulaBook(Guid Id, IReadOnlyList<HealthFormula> Versions) : IWriteModel
{
    /// <summary>The one stream every formula version is registered on.</summary>
    public static readonly Guid StreamId = Guid.Parse("0196f1d0-4ea1-7000-8000-00000000f0a1");

    /// <summary>The formula stream's version (set by Marten): the number of registered versions.</summary>
    public long Version { get; set; }

    /// <summary>The latest version (the built-in one before any was registered).</summary>
    public static HealthFormula Latest(HealthFormulaBook? book) => book?.Versions.Count > 0 ? book.Versions[^1] : HealthFormulas.BuiltIn;

    /// <summary>The version in force at <paramref name="instant"/>: the latest registered by then, else the built-in one.</summary>
    public static HealthFormula InForceAt(HealthFormulaBook? book, DateTimeOffset instant) =>
        book?.Versions.LastOrDefault(v => v.RegisteredAt <= instant) ?? HealthFormulas.BuiltIn;

    /// <summary>Version <paramref name="version"/>; null when no such version exists.</summary>
    public static HealthFormula? Find(HealthFormulaBook? book, int version) =>
        version == 0 ? HealthFormulas.BuiltIn : book is not null && version >= 1 && version <= book.Versions.Count ? book.Versions[version - 1] : null;

    /// <summary>Every version, the built-in one first.</summary>
    public static IReadOnlyList<HealthFormula> All(HealthFormulaBook? book) => [HealthFormulas.BuiltIn, .. book?.Versions ?? []];

    public static HealthFormulaBook Create(HealthFormulaRegistered e) => new(StreamId, [Of(e)]);

    public HealthFormulaBook Apply(HealthFormulaRegistered e) => this with { Versions = [.. Versions, Of(e)] };

    /// <summary>Versions are never closed: a new one may always be registered.</summary>
    public ProblemDetails? Closed() => null;

    private static HealthFormula Of(HealthFormulaRegistered e) =>
        new(e.Version, e.Name, e.Reason, e.Signals, e.Bands, e.StageProbabilities, e.OccurredAt, e.By);
}
