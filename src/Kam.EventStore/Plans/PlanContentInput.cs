using Kam.EventStore.People;

namespace Kam.EventStore.Plans;

/// <summary>A measurable objective as a draft or a revision states it.</summary>
public sealed record PlanObjectiveInput
{
    /// <summary>The objective's id: give the same id in a revision to keep (or change) it; generated when omitted.</summary>
    /// <example>0196f1d0-4e00-7000-8000-000000000011</example>
    public Guid? ObjectiveId { get; init; }

    /// <summary>What the objective is.</summary>
    /// <example>Grow our share of the customer's coated board purchases</example>
    public string Description { get; init; } = "";

    /// <summary>What is measured. Required: an objective without a metric is not measurable.</summary>
    /// <example>Share of wallet, coated board</example>
    public string? Metric { get; init; }

    /// <summary>The unit of the metric, when it has one.</summary>
    /// <example>%</example>
    public string? Unit { get; init; }

    /// <summary>The value when the objective was set. Required.</summary>
    /// <example>20</example>
    public decimal? Baseline { get; init; }

    /// <summary>The value to reach. Required; not the baseline.</summary>
    /// <example>30</example>
    public decimal? Target { get; init; }

    /// <summary>When the target is to be reached; within the plan's period. Required.</summary>
    /// <example>2027-12-31</example>
    public DateOnly? DueOn { get; init; }

    /// <summary>Whose objective it is: Ours, Customers or Joint. Required.</summary>
    /// <example>Joint</example>
    public ObjectiveOwner? Whose { get; init; }
}

/// <summary>A planned action as a draft or a revision states it.</summary>
public sealed record PlanActionInput
{
    /// <summary>The action's id: give the same id in a revision to keep (or change) it; generated when omitted.</summary>
    /// <example>0196f1d0-4e00-7000-8000-000000000021</example>
    public Guid? ActionId { get; init; }

    /// <summary>What is to be done.</summary>
    /// <example>Quarterly business reviews with the head of procurement</example>
    public string Description { get; init; } = "";

    /// <summary>Who of ours answers for it (person id).</summary>
    /// <example>anna.virtanen@example.com</example>
    public string OwnerPersonId { get; init; } = "";

    /// <summary>When it is due; within the plan's period. Required.</summary>
    /// <example>2026-12-31</example>
    public DateOnly? DueOn { get; init; }

    /// <summary>The objective it serves (an objective of the same version), when it serves one.</summary>
    /// <example>0196f1d0-4e00-7000-8000-000000000011</example>
    public Guid? ObjectiveId { get; init; }
}

/// <summary>The field rules of a plan's content, shared by drafting and revising, and the content they leave.</summary>
public static class PlanContentRules
{
    public const int MaxItems = 50;

    /// <summary>Every field rule of the content (400, each error named by its JSON path).</summary>
    public static FieldErrors Check(
        FieldErrors errors, string? title, IReadOnlyList<PlanObjectiveInput>? objectives, IReadOnlyList<string>? strategies,
        IReadOnlyList<PlanActionInput>? actions, DateOnly periodFrom, DateOnly periodTo)
    {
        errors.Required("title", title);
        if (objectives is null || objectives.Count == 0)
        {
            errors.Add("objectives", "Required: at least one measurable objective.");
        }

        if (objectives?.Count > MaxItems || strategies?.Count > MaxItems || actions?.Count > MaxItems)
        {
            errors.Add(objectives?.Count > MaxItems ? "objectives" : strategies?.Count > MaxItems ? "strategies" : "actions", $"At most {MaxItems} items.");
        }

        var objectiveIds = new HashSet<Guid>();
        for (var i = 0; i < (objectives?.Count ?? 0); i++)
        {
            var o = objectives![i];
            var at = $"objectives[{i}]";
            errors.Required($"{at}.description", o.Description, FieldErrors.LongText)
                .Required($"{at}.metric", o.Metric)
                .Optional($"{at}.unit", o.Unit)
                .Present($"{at}.baseline", o.Baseline)
                .Present($"{at}.target", o.Target)
                .Present($"{at}.whose", o.Whose)
                .Defined($"{at}.whose", o.Whose);
            if (o.Target is { } target && target == o.Baseline)
            {
                errors.Add($"{at}.target", "Must differ from the baseline: progress is measured from one to the other.");
            }

            InPeriod(errors, $"{at}.dueOn", o.DueOn, periodFrom, periodTo);
            Id(errors, $"{at}.objectiveId", o.ObjectiveId, objectiveIds);
        }

        for (var i = 0; i < (strategies?.Count ?? 0); i++)
        {
            errors.Required($"strategies[{i}]", strategies![i], FieldErrors.LongText);
        }

        var actionIds = new HashSet<Guid>();
        for (var i = 0; i < (actions?.Count ?? 0); i++)
        {
            var a = actions![i];
            var at = $"actions[{i}]";
            errors.Required($"{at}.description", a.Description, FieldErrors.LongText).PersonId($"{at}.ownerPersonId", a.OwnerPersonId, required: true);
            InPeriod(errors, $"{at}.dueOn", a.DueOn, periodFrom, periodTo);
            Id(errors, $"{at}.actionId", a.ActionId, actionIds);
            if (a.ObjectiveId is { } objective && !objectiveIds.Contains(objective))
            {
                errors.Add($"{at}.objectiveId", "Must be one of this version's objectives.");
            }
        }

        return errors;
    }

    /// <summary>The content the checked input states (ids generated for new items, texts trimmed, person ids normalised).</summary>
    public static PlanContent Content(
        string title, IReadOnlyList<PlanObjectiveInput> objectives, IReadOnlyList<string>? strategies, IReadOnlyList<PlanActionInput>? actions, DateTimeOffset now) => new(
        title.Trim(),
        [.. objectives.Select(o => new PlanObjective(o.ObjectiveId ?? Guid.CreateVersion7(now), o.Description.Trim(), o.Metric!.Trim(), o.Unit?.Trim(),
            o.Baseline!.Value, o.Target!.Value, o.DueOn!.Value, o.Whose!.Value))],
        [.. (strategies ?? []).Select(s => s.Trim())],
        [.. (actions ?? []).Select(a => new PlanAction(a.ActionId ?? Guid.CreateVersion7(now), a.Description.Trim(), PersonIds.Normalize(a.OwnerPersonId),
            a.DueOn!.Value, a.ObjectiveId))]);

    private static void InPeriod(FieldErrors errors, string field, DateOnly? date, DateOnly from, DateOnly to)
    {
        if (date is null)
        {
            errors.Add(field, "Required.");
        }
        else if (date < from)
        {
            errors.Add(field, $"Must not be before the plan period ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}).");
        }
        else if (date > to)
        {
            errors.Add(field, $"Must not be after the plan period ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}).");
        }
    }

    private static void Id(FieldErrors errors, string field, Guid? id, HashSet<Guid> seen)
    {
        if (id is not { } given)
        {
            return;
        }

        if (given == Guid.Empty)
        {
            errors.Add(field, "Must not be the empty id.");
        }
        else if (!seen.Add(given))
        {
            errors.Add(field, "Given twice in this version.");
        }
    }
}
