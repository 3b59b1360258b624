namespace Kam.EventStore.Plans;

/// <summary>
/// What one version of an account plan says: its title, its measurable objectives, the strategy statements and the planned
/// actions. Every version is kept whole in the event that made it (drafted or revised), so reading a version is reading that
/// event, and two versions are compared item by item.
/// </summary>
/// <param name="Title">The plan's title in this version.</param>
/// <param name="Objectives">The measurable objectives.</param>
/// <param name="Strategies">Strategy statements: how the objectives are to be reached, in words.</param>
/// <param name="Actions">Planned actions, each with an owner and a due date.</param>
public sealed record PlanContent(string Title, IReadOnlyList<PlanObjective> Objectives, IReadOnlyList<string> Strategies, IReadOnlyList<PlanAction> Actions)
{
    public PlanObjective? Objective(Guid id) => Objectives.FirstOrDefault(o => o.ObjectiveId == id);

    public PlanAction? Action(Guid id) => Actions.FirstOrDefault(a => a.ActionId == id);

    /// <summary>True when both say exactly the same, item by item and in the same order.</summary>
    public bool SameAs(PlanContent other) =>
        Title == other.Title && Objectives.SequenceEqual(other.Objectives) && Strategies.SequenceEqual(other.Strategies, StringComparer.Ordinal)
        && Actions.SequenceEqual(other.Actions);
}

/// <summary>A measurable objective: what is measured, from which baseline to which target, by when, and whose objective it is.</summary>
/// <param name="ObjectiveId">The objective; the same id across versions is the same objective.</param>
/// <param name="Description">What the objective is, in the plan's words.</param>
/// <param name="Metric">What is measured.</param>
/// <param name="Unit">The unit of the metric (%, t, EUR...), when it has one.</param>
/// <param name="Baseline">The value when the objective was set.</param>
/// <param name="Target">The value to reach.</param>
/// <param name="DueOn">When the target is to be reached; within the plan's period.</param>
/// <param name="Whose">Ours, the customer's, or joint.</param>
public sealed record PlanObjective(
    Guid ObjectiveId, string Description, string Metric, string? Unit, decimal Baseline, decimal Target, DateOnly DueOn, ObjectiveOwner Whose);

/// <summary>A planned action.</summary>
/// <param name="ActionId">The action; the same id across versions is the same action.</param>
/// <param name="Description">What is to be done.</param>
/// <param name="OwnerPersonId">Who of ours answers for it.</param>
/// <param name="DueOn">When it is due; within the plan's period.</param>
/// <param name="ObjectiveId">The objective it serves, when it serves one.</param>
public sealed record PlanAction(Guid ActionId, string Description, string OwnerPersonId, DateOnly DueOn, Guid? ObjectiveId);

/// <summary>Whose objective it is.</summary>
public enum ObjectiveOwner
{
    /// <summary>Our company's objective on the account.</summary>
    Ours,

    /// <summary>The customer's own objective, which the plan supports.</summary>
    Customers,

    /// <summary>An objective both sides hold.</summary>
    Joint,
}
