using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Kam.EventStore.People;
using Kam.EventStore.Portfolio;
using Marten;
using Npgsql;

namespace Kam.EventStore.Tests.History;

/// <summary>
/// Every event type in the catalogue has a place in business time, and every output that shows business time (the timeline,
/// the events and lineage reads through <see cref="BusinessTime.Of"/>; the audit export through its SQL) places it the same.
/// A new event type without a business time, or with a date of its own that the export would not find, fails here.
/// </summary>
public sealed class BusinessTimeCatalogueTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly OwnDate = new(2026, 3, 1);

    /// <summary>Every concrete event type of the service: those stored under the account, person and health formula families.</summary>
    public static TheoryData<string> EventTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in Catalogue())
        {
            data.Add(type.Name);
        }

        return data;
    }

    private static IEnumerable<Type> Catalogue() => typeof(IAccountEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && (t.IsAssignableTo(typeof(IAccountEvent)) || t.IsAssignableTo(typeof(IPersonEvent))
            || t.IsAssignableTo(typeof(Kam.EventStore.Health.IHealthFormulaEvent))))
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    [Fact]
    public void every_stored_event_type_is_a_business_fact()
    {
        // Marten's own bookkeeping events (an archived stream) are not facts of ours.
        var stored = App.Store.Options.Events.AllKnownEventTypes().Select(e => e.EventType)
            .Where(t => t.Namespace?.StartsWith("Kam.EventStore", StringComparison.Ordinal) == true).ToList();
        stored.Count.ShouldBeGreaterThan(40);
        stored.Where(t => !t.IsAssignableTo(typeof(IBusinessFact))).ShouldBeEmpty("every event needs its business time");
        stored.ShouldBe(Catalogue(), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public async Task the_export_places_each_event_type_in_business_time_as_every_other_output_does(string name)
    {
        var type = Catalogue().Single(t => t.Name == name);
        var sample = Sample(type);

        var expected = type.IsAssignableTo(typeof(IEffectiveDated)) ? new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) : OccurredAt;
        BusinessTime.Of(sample).ShouldBe(expected);
        BusinessTime.DateOf(sample).ShouldBe(BusinessTime.Today(expected));
        if (sample is IAccountEvent fact)
        {
            Kam.EventStore.Timeline.TimelineRows.BusinessTime(fact).ShouldBe(expected, "the timeline places it there");
        }

        // The export reads stored JSON without deserialising events: its SQL must say the same of the event as stored.
        var json = App.Store.Options.Serializer().ToJson(sample);
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select {BusinessTime.Sql("e")} from (values ($1::varchar, $2::jsonb)) as e(type, data)", connection)
        {
            Parameters = { new() { Value = EventNames.NameOf(type) }, new() { Value = json } },
        };
        var exported = (string)(await command.ExecuteScalarAsync())!;
        DateTimeOffset.Parse(exported, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected, exported);
    }

    /// <summary>An instance of the event with every date its own date, every other field a plain value.</summary>
    private static object Sample(Type type)
    {
        var sample = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var field in type.GetFields(BindingFlags.NonPublic | BindingFlags.Instance).Where(f => f.Name.EndsWith(">k__BackingField", StringComparison.Ordinal)))
        {
            field.SetValue(sample, Value(field.FieldType, field.Name));
        }

        return sample;
    }

    private static object? Value(Type type, string name) => type switch
    {
        _ when type == typeof(DateTimeOffset) => OccurredAt,
        _ when type == typeof(DateOnly) => OwnDate,
        _ when type == typeof(string) => name.Contains("PersonId", StringComparison.Ordinal) ? "p@example.com" : "x",
        _ when type == typeof(Guid) => Guid.NewGuid(),
        _ when type == typeof(bool) => true,
        _ when type == typeof(int) => 1,
        _ when type == typeof(decimal) => 1m,
        _ when type.IsEnum => Enum.GetValues(type).GetValue(0),
        _ when Nullable.GetUnderlyingType(type) is not null => null,
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) =>
            Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()[0])),
        _ when type.IsAssignableTo(typeof(IEnumerable)) => null,
        _ when type.IsClass => RuntimeHelpers.GetUninitializedObject(type),
        _ => Activator.CreateInstance(type),
    };
}
