using System.Text.Json.Nodes;

namespace Kam.EventStore.People;

/// <summary>
/// The shapes <see cref="PersonProfileChanged" /> was stored in, and how an older one reads as the current one.
/// Registered in <see cref="PeopleConfiguration" />; see docs/event-versioning.md.
/// </summary>
public static class PersonProfileChangedShapes
{
    /// <summary>
    /// Shape 1 (stored until 2026-11-27) said what happened to the line manager in two fields:
    /// <c>"ManagerPersonId": "boss@example.com"</c> for a new manager, <c>"ManagerRemoved": true</c> for none any more,
    /// both empty (<c>null</c>, <c>false</c>) when the manager did not change. Shape 2 says it in one:
    /// <c>"Manager": {"PersonId": "boss@example.com"}</c>, <c>"Manager": {"PersonId": null}</c>, or <c>"Manager": null</c>.
    /// Rewrites shape 1 into shape 2 and returns true; returns false for shape 2.
    /// </summary>
    public static bool Upgrade(JsonObject data)
    {
        if (!data.ContainsKey("ManagerRemoved"))
        {
            return false;
        }

        // The flag won when both were set, as it did when shape 1 was projected (the API never let both be set).
        var removed = data["ManagerRemoved"]?.GetValue<bool>() ?? false;
        var manager = data["ManagerPersonId"]?.GetValue<string>();
        data.Remove("ManagerRemoved");
        data.Remove("ManagerPersonId");
        data["Manager"] = removed ? new JsonObject { ["PersonId"] = null }
            : manager is null ? null
            : new JsonObject { ["PersonId"] = manager };
        return true;
    }
}
