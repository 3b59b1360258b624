using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kam.EventStore.Plans;

/// <summary>How one version of a plan differs from another.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="From">The earlier version.</param>
/// <param name="To">The later version.</param>
/// <param name="Revisions">The revisions from one to the other (after <c>from</c>, up to <c>to</c>): when, why, by whom.</param>
/// <param name="Title">The title, when it changed.</param>
/// <param name="Objectives">Objectives added, removed, and changed field by field.</param>
/// <param name="Actions">Planned actions added, removed, and changed field by field.</param>
/// <param name="Strategies">Strategy statements added and removed.</param>
public sealed record PlanDifference(
    Guid PlanId, int From, int To, IReadOnlyList<PlanRevision> Revisions, FieldChange? Title, ItemChanges<PlanObjective> Objectives,
    ItemChanges<PlanAction> Actions, TextChanges Strategies);

/// <summary>Items of a list compared by their ids.</summary>
/// <param name="Added">In the later version only, as it states them.</param>
/// <param name="Removed">In the earlier version only, as it stated them.</param>
/// <param name="Changed">In both, with every field that differs.</param>
public sealed record ItemChanges<T>(IReadOnlyList<T> Added, IReadOnlyList<T> Removed, IReadOnlyList<ItemChange> Changed);

/// <summary>An item in both versions that reads differently.</summary>
/// <param name="Id">The item (objective or action id).</param>
/// <param name="Description">Its description in the later version.</param>
/// <param name="Fields">Every field that differs, in the order of the item's fields.</param>
public sealed record ItemChange(Guid Id, string Description, IReadOnlyList<FieldChange> Fields);

/// <summary>One field that differs.</summary>
/// <param name="Field">The field's name as the API writes it (<c>target</c>, <c>dueOn</c>, <c>ownerPersonId</c>...).</param>
/// <param name="Before">Its value in the earlier version.</param>
/// <param name="After">Its value in the later version.</param>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);

/// <summary>Texts of a list compared as they read (exact text).</summary>
public sealed record TextChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>
/// The comparison of two versions: items are matched by their ids (an objective or action kept across versions keeps its id, so a
/// changed target is a change of the same objective, not a removal and an addition); an item in one version only is added or
/// removed; an item in both is changed when any of its fields differs, and every such field is listed with its value before and
/// after. Strategy statements have no ids: a statement reworded is one removed and one added. Pure.
/// </summary>
public static class PlanDifferences
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static PlanDifference Between(AccountPlan plan, int from, int to)
    {
        var before = plan.Versions[from - 1].Content;
        var after = plan.Versions[to - 1].Content;
        return new PlanDifference(
            plan.Id, from, to,
            [.. plan.Versions.Where(v => v.Number > Math.Min(from, to) && v.Number <= Math.Max(from, to)).Select(v => new PlanRevision(v.Number, v.On, v.OccurredAt, v.Reason, v.By))],
            before.Title == after.Title ? null : Change("title", before.Title, after.Title),
            Items(before.Objectives, after.Objectives, o => o.ObjectiveId, o => o.Description, ObjectiveFields),
            Items(before.Actions, after.Actions, a => a.ActionId, a => a.Description, ActionFields),
            new TextChanges(
                [.. after.Strategies.Where(s => !before.Strategies.Contains(s, StringComparer.Ordinal))],
                [.. before.Strategies.Where(s => !after.Strategies.Contains(s, StringComparer.Ordinal))]));
    }

    private static readonly (string Name, Func<PlanObjective, object?> Value)[] ObjectiveFields =
    [
        ("description", o => o.Description), ("metric", o => o.Metric), ("unit", o => o.Unit), ("baseline", o => o.Baseline),
        ("target", o => o.Target), ("dueOn", o => o.DueOn), ("whose", o => o.Whose),
    ];

    private static readonly (string Name, Func<PlanAction, object?> Value)[] ActionFields =
    [
        ("description", a => a.Description), ("ownerPersonId", a => a.OwnerPersonId), ("dueOn", a => a.DueOn), ("objectiveId", a => a.ObjectiveId),
    ];

    private static ItemChanges<T> Items<T>(
        IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, Guid> id, Func<T, string> description, (string Name, Func<T, object?> Value)[] fields)
    {
        var earlier = before.ToDictionary(id);
        var later = after.Select(id).ToHashSet();
        var changed = new List<ItemChange>();
        foreach (var item in after.Where(i => earlier.ContainsKey(id(i))))
        {
            var was = earlier[id(item)];
            var differing = fields.Where(f => !Equals(f.Value(was), f.Value(item))).Select(f => Change(f.Name, f.Value(was), f.Value(item))).ToList();
            if (differing.Count > 0)
            {
                changed.Add(new ItemChange(id(item), description(item), differing));
            }
        }

        return new ItemChanges<T>([.. after.Where(i => !earlier.ContainsKey(id(i)))], [.. before.Where(i => !later.Contains(id(i)))], changed);
    }

    private static FieldChange Change(string field, object? before, object? after) =>
        new(field, JsonSerializer.SerializeToNode(before, Options), JsonSerializer.SerializeToNode(after, Options));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }
}
