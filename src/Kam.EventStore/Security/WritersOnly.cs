using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kam.EventStore.Portfolio;

namespace Kam.EventStore.Security;

/// <summary>
/// A property of an event that only writers and above may see (a negotiation's mandate): every output that shows event data
/// to a caller below writer leaves it out (the changes' events, the audit export, a record's lineage). It stays in the store.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WritersOnlyAttribute : Attribute;

/// <summary>Leaves <see cref="WritersOnlyAttribute"/> properties out of what callers below writer see.</summary>
public static class WritersOnly
{
    private static readonly JsonSerializerOptions Web = CreateOptions();

    /// <summary>The stored property names to leave out, by stored event name; found by reflection, so a new one needs nothing here.</summary>
    public static IReadOnlyDictionary<string, string[]> Properties { get; } = typeof(WritersOnly).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IBusinessFact)))
        .Select(t => (Type: t, Hidden: t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<WritersOnlyAttribute>() is not null)
            .Select(p => p.Name).ToArray()))
        .Where(t => t.Hidden.Length > 0)
        .ToDictionary(t => EventNames.NameOf(t.Type), t => t.Hidden, StringComparer.Ordinal);

    /// <summary>True when the caller may see writers-only data: writers and admins.</summary>
    public static bool CanSee(ClaimsPrincipal caller) => caller.IsInRole(Roles.Writer) || caller.IsInRole(Roles.Admin);

    /// <summary>The event's data as the caller may see it: as it is, or as JSON without the writers-only properties.</summary>
    public static object Redact(object data, ClaimsPrincipal caller)
    {
        if (CanSee(caller) || !Properties.TryGetValue(EventNames.NameOf(data.GetType()), out var hidden))
        {
            return data;
        }

        var json = JsonSerializer.SerializeToNode(data, data.GetType(), Web)!.AsObject();
        foreach (var name in hidden)
        {
            json.Remove(JsonNamingPolicy.CamelCase.ConvertName(name));
        }

        return json;
    }

    /// <summary>The event as the caller may see it.</summary>
    public static RecordedEvent ShownTo(this RecordedEvent e, ClaimsPrincipal caller) => e with { Data = Redact(e.Data, caller) };

    /// <summary>
    /// The stored data of the events table aliased <paramref name="events"/> as the caller may see it, as SQL (jsonb): for reads
    /// that never deserialise events (the audit export).
    /// </summary>
    public static string Sql(string events, ClaimsPrincipal caller)
    {
        if (CanSee(caller) || Properties.Count == 0)
        {
            return $"{events}.data";
        }

        var cases = Properties.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"when '{p.Key}' then {events}.data{string.Concat(p.Value.Select(name => $" - '{name}'"))}");
        return $"case {events}.type {string.Join(" ", cases)} else {events}.data end";
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }
}
