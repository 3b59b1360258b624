using Marten;

namespace Kam.EventStore.Domain;

/// <summary>
/// Events are stored under their business name (<c>KeyAccountDesignated</c>), not a .NET or snake-case alias:
/// the stored name is what audits and exports show, and it must survive a refactoring of the code.
/// </summary>
public static class EventNames
{
    /// <summary>Maps every concrete event type implementing <typeparamref name="TFamily"/> to its class name.</summary>
    public static StoreOptions MapEventNames<TFamily>(this StoreOptions options)
    {
        var family = typeof(TFamily);
        foreach (var type in family.Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && family.IsAssignableFrom(t)))
        {
            options.Events.MapEventType(type, NameOf(type));
        }

        return options;
    }

    /// <summary>The name events of <paramref name="type"/> are stored under: the class name, never to be reused for another meaning.</summary>
    public static string NameOf(Type type) => type.Name;
}
