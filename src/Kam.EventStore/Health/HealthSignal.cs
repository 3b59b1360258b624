namespace Kam.EventStore.Health;

/// <summary>
/// The named signals an account's health is computed from, each measured on the whole-account view of an instant and a
/// business date (<see cref="HealthSignals"/>). A formula weighs each and says which value is good and which is bad.
/// </summary>
public enum HealthSignal
{
    /// <summary>Relationship coverage: how many of the customer's three organisation levels have a stakeholder linked to one of our people (0-3).</summary>
    LevelsLinked,

    /// <summary>Relationship coverage: the share of the customer's decision makers with a strong link to one of our people, in percent (none known counts as 0).</summary>
    DecisionMakersStronglyLinked,

    /// <summary>Relationship coverage: 1 when fewer than two of our people hold the account's links (one thread, or none), else 0.</summary>
    SingleThreaded,

    /// <summary>Contact recency: days from the last live interaction to the date (from the designation when there has been none).</summary>
    DaysSinceContact,

    /// <summary>Commitments open and past the due date in force on the date.</summary>
    OverdueCommitments,

    /// <summary>Commitments broken within the formula's window (<c>windowDays</c>) up to the date.</summary>
    BrokenCommitments,

    /// <summary>Of the commitments that ended kept or broken by the date, the share kept by their due date, in percent; not applicable before any ended.</summary>
    OnTimeShare,

    /// <summary>Revenue booked against the budget of the parts (quarters, months) of the current budget period that have ended by the date, in percent; not applicable before one has ended.</summary>
    BudgetAttainment,

    /// <summary>The forecast (actual plus the pipeline weighted by the formula's stage probabilities) against the current period's budget, in percent; not applicable without a budget.</summary>
    ForecastAttainment,

    /// <summary>Competitors present at the customer on the date.</summary>
    CompetitorsPresent,

    /// <summary>
    /// Average progress of the objectives of the account plan in force on the date (open, its period containing the date): each
    /// objective's latest measurement from its baseline towards its target, 0-100, in percent; not applicable without such a plan.
    /// </summary>
    PlanObjectiveProgress,

    /// <summary>Open joint development projects reported red, or with a milestone late on the date; not applicable without an open project.</summary>
    ProjectsRedOrLate,

    /// <summary>Open risks of high or critical impact on the open projects; not applicable without an open project.</summary>
    OpenHighRisks,
}
