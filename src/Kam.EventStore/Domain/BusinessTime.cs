using System.Reflection;
using System.Runtime.CompilerServices;
using Kam.EventStore.Portfolio;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Domain;

/// <summary>
/// A fact with a place in business time: when it happened, which may be long before it was recorded (the store's own
/// timestamp says when it was recorded). Every event of the service is one.
/// </summary>
public interface IBusinessFact
{
    /// <summary>When it happened in business time: as the request gave it, or the start of the business date it gave, or now.</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>Who recorded it: the authenticated caller (or the service itself for what it records on its own).</summary>
    string By { get; }
}

/// <summary>
/// A fact that takes effect on a business date of its own (a role that began on 1 April, a promise kept on 30 June). Views
/// that place facts in business time place these on that date.
/// </summary>
public interface IEffectiveDated
{
    /// <summary>The business date the fact takes effect.</summary>
    DateOnly EffectiveOn { get; }
}

/// <summary>
/// The one place business time is decided and read. A command gives its business time as an instant (<c>occurredAt</c>,
/// <c>happenedAt</c>) or a date (<c>effectiveOn</c>, <c>madeOn</c>, <c>fulfilledOn</c>...), or neither: then it is now, and the
/// answer says so. A date before today is placed at the start of that date (UTC); today's at the time it was recorded, which
/// keeps the order of the day's facts. Views by business date ask <see cref="DateOf(object)"/>; the timeline and the export
/// ask <see cref="Of"/>.
/// </summary>
public static class BusinessTime
{
    /// <summary>The instant a fact is recorded at: <paramref name="at"/> when given, else the start of <paramref name="on"/> when it lies before today, else now.</summary>
    public static DateTimeOffset Resolve(DateTimeOffset? at, DateOnly? on, DateTimeOffset now) =>
        at?.ToUniversalTime() ?? (on is { } date && date < Today(now) ? StartOf(date) : now);

    /// <summary>The business date of a fact given as an instant or a date (or neither: today).</summary>
    public static DateOnly DateOf(DateTimeOffset? at, DateOnly? on, DateTimeOffset now) => on ?? Today(at ?? now);

    /// <summary>The UTC date of an instant.</summary>
    public static DateOnly Today(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The first instant of a date (UTC).</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after a date: "by the end of D" is "before this".</summary>
    public static DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));

    /// <summary>
    /// Where a fact sits in business time: a fact with a date of its own sits at the start of that date, unless it occurred
    /// that very day (then at the instant it occurred); every other fact at the instant it occurred.
    /// </summary>
    public static DateTimeOffset Of(object fact) => fact switch
    {
        IEffectiveDated dated and IBusinessFact timed when Today(timed.OccurredAt) != dated.EffectiveOn => StartOf(dated.EffectiveOn),
        IBusinessFact timed => timed.OccurredAt.ToUniversalTime(),
        _ => throw new ArgumentException($"{fact.GetType().Name} is not a fact with a business time.", nameof(fact)),
    };

    /// <summary>The business date of a fact.</summary>
    public static DateOnly DateOf(object fact) => fact is IEffectiveDated dated ? dated.EffectiveOn : Today(Of(fact));

    /// <summary>
    /// A fact dated before the latest fact of the series it belongs to (the account's status, a commitment...) would rewrite
    /// the order of what happened: 422 <c>out-of-order</c>, naming both. Facts of a series are recorded in the order they
    /// happened, however long afterwards.
    /// </summary>
    public static ProblemDetails NotBefore(string field, DateTimeOffset at, DateTimeOffset? latest, string what) =>
        latest is { } last && at < last
            ? Problems.Rule("out-of-order", $"{field}: {what} is dated {last:yyyy-MM-dd HH:mm} (UTC); a fact dated {at:yyyy-MM-dd HH:mm} would come before it. Record facts of the same series in the order they happened.")
            : Problems.None;

    /// <summary>
    /// The stored property that holds each effective-dated event type's own date (<c>EffectiveOn</c>, <c>DesignatedOn</c>,
    /// <c>MadeOn</c>...), by stored event name. Found by asking each type's <see cref="IEffectiveDated.EffectiveOn"/> which of its
    /// dates it returns, so a new event type needs nothing here; a test checks every effective-dated type is mapped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DateProperties { get; } = typeof(BusinessTime).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IEffectiveDated)) && t.IsAssignableTo(typeof(IBusinessFact)))
        .ToDictionary(EventNames.NameOf, DatePropertyOf, StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Of"/> as SQL over the events table aliased <paramref name="events"/> (its stored JSON), for reads that never
    /// deserialise events (the audit export): ISO 8601 text.
    /// </summary>
    public static string Sql(string events)
    {
        var occurredAt = $"{events}.data ->> 'OccurredAt'";
        var cases = DateProperties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            $"when '{p.Key}' then case when (({occurredAt})::timestamptz at time zone 'UTC')::date = ({events}.data ->> '{p.Value}')::date " +
            $"then {occurredAt} else ({events}.data ->> '{p.Value}') || 'T00:00:00+00:00' end");
        return $"case {events}.type {string.Join(" ", cases)} else {occurredAt} end";
    }

    private static string DatePropertyOf(Type type)
    {
        var dates = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(DateOnly)).ToList();
        var probe = RuntimeHelpers.GetUninitializedObject(type);
        for (var i = 0; i < dates.Count; i++)
        {
            type.GetField($"<{dates[i].Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance)?.SetValue(probe, new DateOnly(2000, 1, 1).AddDays(i + 1));
        }

        var effective = ((IEffectiveDated)probe).EffectiveOn;
        return dates.FirstOrDefault(p => (DateOnly)p.GetValue(probe)! == effective)?.Name
            ?? throw new InvalidOperationException($"{type.Name}: no date property of its own holds its effective date.");
    }
}
