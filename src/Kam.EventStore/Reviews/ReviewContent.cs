using System.Globalization;
using System.Text.Json.Nodes;
using Kam.EventStore.Commitments;
using Kam.EventStore.Health;
using Kam.EventStore.History;
using Kam.EventStore.Plans;
using Kam.EventStore.Projects;
using Kam.EventStore.Relationships;
using Kam.EventStore.Sales;

namespace Kam.EventStore.Reviews;

/// <summary>
/// The content of a management review, generated from its sources alone (<see cref="ReviewSources"/>): status; roles and
/// coverage; commitments (overdue, and kept and broken since the previous review); results against budget; health with its
/// explanation; plan progress; projects; what changed since the previous review (the differences the changes endpoint computes between the two views);
/// the KAM's commentary. Pure: no clock, no database, no culture; the same sources give the same JSON.
/// </summary>
public static class ReviewContent
{
    /// <summary>The shape of the content. A review is regenerated with the code of its format; a new shape is a new format.</summary>
    public const int Format = 1;

    /// <summary>The review's content (the view must be of a designated account).</summary>
    public static JsonObject Generate(ReviewSources sources, string commentary, string issuedBy, DateTimeOffset issuedAt)
    {
        var view = sources.View ?? throw new ArgumentException("The account had not been designated.", nameof(sources));
        var on = sources.On;
        var status = view.Status!;
        var roles = view.Roles!;
        var since = sources.Previous?.On;
        var health = HealthScores.Of(view, on, sources.Formula);
        var stakeholders = roles.Stakeholders.On(on).ToList();
        var links = roles.Links.On(on).Where(l => stakeholders.Any(s => s.StakeholderId == l.StakeholderId)).ToList();

        return new JsonObject
        {
            ["format"] = Format,
            ["reviewId"] = Id(sources.ReviewId),
            ["accountId"] = Id(view.AccountId),
            ["on"] = Date(on),
            ["asOf"] = Instant(sources.AsOf),
            ["issued"] = new JsonObject { ["by"] = issuedBy, ["at"] = Instant(issuedAt) },
            ["previousReview"] = sources.Previous is { } previous
                ? new JsonObject { ["reviewId"] = Id(previous.Id), ["on"] = Date(previous.On), ["asOf"] = Instant(previous.AsOf) }
                : null,
            ["account"] = new JsonObject
            {
                ["name"] = status.Name,
                ["registryId"] = status.RegistryId,
                ["segment"] = status.Segment,
                ["tier"] = status.Tier.ToString(),
                ["designatedOn"] = Date(status.DesignatedOn),
                ["status"] = status.Status.ToString(),
                ["statusReason"] = status.StatusReason,
                ["designationEnded"] = status.DesignationEnded,
                ["endedOn"] = status.EndedOn is { } ended ? Date(ended) : null,
            },
            ["roles"] = new JsonObject
            {
                ["kam"] = roles.Managers.On(on).FirstOrDefault()?.PersonId,
                ["kamSince"] = roles.Managers.On(on).FirstOrDefault() is { } kam ? Date(kam.From) : null,
                ["kamManager"] = roles.KamRole.On(on).FirstOrDefault()?.ManagerPersonId,
                ["team"] = Array(roles.Team.On(on).OrderBy(t => t.PersonId, StringComparer.Ordinal).Select(t =>
                    new JsonObject { ["personId"] = t.PersonId, ["role"] = t.RoleName ?? t.Role.ToString(), ["since"] = Date(t.From) })),
                ["stakeholders"] = Array(stakeholders.OrderBy(s => s.StakeholderId).Select(s => new JsonObject
                {
                    ["stakeholderId"] = Id(s.StakeholderId),
                    ["name"] = s.Profile.Name,
                    ["title"] = s.Profile.Title,
                    ["level"] = s.Profile.Level.ToString(),
                    ["buyingRole"] = s.Profile.BuyingRole.ToString(),
                    ["stance"] = s.Profile.Stance.ToString(),
                    ["links"] = Array(links.Where(l => l.StakeholderId == s.StakeholderId).OrderBy(l => l.PersonId, StringComparer.Ordinal)
                        .Select(l => new JsonObject { ["personId"] = l.PersonId, ["strength"] = l.Strength.ToString() })),
                })),
                ["competitors"] = Array(roles.Competitors.On(on).OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.CompetitorId)
                    .Select(c => new JsonObject { ["name"] = c.Name, ["where"] = c.Where, ["since"] = Date(c.From) })),
            },
            ["coverage"] = Coverage(stakeholders, links),
            ["commitments"] = Commitments(view.Commitments.Values, on, since),
            ["results"] = Results(view.Sales, on, sources.Formula),
            ["plans"] = Plans(view.Plans.Values, on),
            ["projects"] = Projects(view.Projects.Values, on, since),
            ["health"] = new JsonObject
            {
                ["formulaVersion"] = health.FormulaVersion,
                ["score"] = health.Score,
                ["band"] = health.Band,
                ["signals"] = Array(health.Signals.Select(s => new JsonObject
                {
                    ["signal"] = s.Signal.ToString(),
                    ["value"] = s.Value,
                    ["detail"] = s.Detail,
                    ["applicable"] = s.Applicable,
                    ["weight"] = s.Weight,
                    ["good"] = s.Good,
                    ["bad"] = s.Bad,
                    ["points"] = s.Points,
                    ["contribution"] = s.Contribution,
                })),
            },
            ["changes"] = new JsonObject
            {
                ["since"] = sources.Previous is { } p ? Instant(p.AsOf) : null,
                ["differences"] = sources.PreviousView is null
                    ? new JsonArray()
                    : Array(ViewDifferences.Between(sources.PreviousView, view).Select(d => new JsonObject
                    {
                        ["path"] = d.Path,
                        ["before"] = d.Before?.DeepClone(),
                        ["after"] = d.After?.DeepClone(),
                    })),
            },
            ["commentary"] = commentary,
        };
    }

    private static JsonObject Coverage(IReadOnlyList<StakeholderTerm> stakeholders, IReadOnlyList<LinkTerm> links)
    {
        var linked = links.Select(l => l.StakeholderId).ToHashSet();
        var levels = stakeholders.Where(s => linked.Contains(s.StakeholderId)).Select(s => s.Profile.Level).Distinct().Order().ToList();
        var holders = links.Select(l => l.PersonId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var strong = links.Where(l => l.Strength == LinkStrength.Strong).Select(l => l.StakeholderId).ToHashSet();
        return new JsonObject
        {
            ["levelsLinked"] = Array(levels.Select(l => JsonValue.Create(l.ToString()))),
            ["levelsWithoutLink"] = Array(Enum.GetValues<OrganisationLevel>().Except(levels).Select(l => JsonValue.Create(l.ToString()))),
            ["decisionMakersWithoutStrongLink"] = Array(stakeholders
                .Where(s => s.Profile.BuyingRole == BuyingRole.DecisionMaker && !strong.Contains(s.StakeholderId))
                .Select(s => s.StakeholderId).Order().Select(id => JsonValue.Create(Id(id)))),
            ["linkHolders"] = Array(holders.Select(h => JsonValue.Create(h))),
            ["singleThreaded"] = holders.Count < 2,
        };
    }

    private static JsonObject Commitments(IEnumerable<Commitment> all, DateOnly on, DateOnly? since)
    {
        var commitments = all.OrderBy(c => c.Id).ToList();
        bool Since(Commitment c) => c.ClosedOn is { } closed && closed <= on && (since is null || closed > since);
        JsonObject Row(Commitment c) => new()
        {
            ["commitmentId"] = Id(c.Id),
            ["description"] = c.Description,
            ["owner"] = c.Owner,
            ["dueOn"] = c.DueOn is { } due ? Date(due) : null,
            ["closedOn"] = c.ClosedOn is { } closed ? Date(closed) : null,
        };
        var ended = commitments.Where(c => c.KeptOnTime is not null).ToList();
        return new JsonObject
        {
            ["open"] = commitments.Count(c => c.IsOpen),
            ["pendingApproval"] = commitments.Count(c => c.Status == CommitmentStatus.PendingApproval),
            ["overdue"] = Array(commitments.Where(c => c.IsOpen && c.DueOn < on).Select(Row)),
            ["keptSincePrevious"] = Array(commitments.Where(c => c.Status == CommitmentStatus.Fulfilled && Since(c))
                .Select(c => { var row = Row(c); row["keptOnTime"] = c.KeptOnTime; return row; })),
            ["brokenSincePrevious"] = Array(commitments.Where(c => c.Status == CommitmentStatus.Broken && Since(c)).Select(Row)),
            ["onTimeSharePercent"] = ended.Count == 0 ? null : Math.Round(100m * ended.Count(c => c.KeptOnTime == true) / ended.Count, 1, MidpointRounding.AwayFromZero),
        };
    }

    private static JsonObject? Results(AccountSales? sales, DateOnly on, HealthFormula formula)
    {
        if (sales is null || SalesSummary.CurrentPeriod(sales, on) is not { } period)
        {
            return null;
        }

        var results = PeriodResults.Of(period, SalesFigures.Of(sales, period), formula.StageProbabilities.ToProbabilities());
        return new JsonObject
        {
            ["period"] = new JsonObject { ["from"] = Date(period.From), ["to"] = Date(period.To) },
            ["currency"] = results.Currency,
            ["budget"] = results.Budget,
            ["actual"] = results.Actual,
            ["attainmentPercent"] = results.AttainmentPercent,
            ["forecast"] = results.Forecast,
            ["forecastAttainmentPercent"] = results.ForecastAttainmentPercent,
            ["pipeline"] = results.Pipeline.Value,
            ["won"] = new JsonObject { ["count"] = results.Won.Count, ["value"] = results.Won.Value },
            ["lost"] = new JsonObject { ["count"] = results.Lost.Count, ["value"] = results.Lost.Value },
            ["winRatePercent"] = results.WinRatePercent,
        };
    }

    // The plans whose period contains the date and that were open on it: each objective's progress as measured by then.
    private static JsonArray Plans(IEnumerable<AccountPlan> plans, DateOnly on) => Array(plans
        .Where(p => p.PeriodFrom <= on && on <= p.PeriodTo && (p.ClosedOn is null || p.ClosedOn > on))
        .OrderBy(p => p.DraftedOn).ThenBy(p => p.Id)
        .Select(p => new JsonObject
        {
            ["planId"] = Id(p.Id),
            ["title"] = p.Content.Title,
            ["period"] = new JsonObject { ["from"] = Date(p.PeriodFrom), ["to"] = Date(p.PeriodTo) },
            ["status"] = p.Status.ToString(),
            ["version"] = p.PlanVersion,
            ["objectives"] = Array(p.Content.Objectives.Select(o =>
            {
                var progress = ObjectiveProgress.Of(o, p.Measurements.Where(m => m.MeasuredOn <= on));
                return new JsonObject
                {
                    ["description"] = o.Description,
                    ["baseline"] = o.Baseline,
                    ["target"] = o.Target,
                    ["dueOn"] = Date(o.DueOn),
                    ["value"] = progress.Value,
                    ["attainmentPercent"] = progress.AttainmentPercent,
                };
            })),
            ["openActions"] = p.Content.Actions.Count(a => p.OutcomeOf(a.ActionId) is not { } outcome || outcome.On > on),
        }));

    // The projects open on the date, and those closed since the previous review: colour, late milestones, open risks and issues.
    private static JsonArray Projects(IEnumerable<Project> projects, DateOnly on, DateOnly? since) => Array(projects
        .Where(p => p.IsOpen || (p.ClosedOn is { } closed && (since is null || closed > since)))
        .OrderBy(p => p.StartedOn).ThenBy(p => p.Id)
        .Select(p => new JsonObject
        {
            ["projectId"] = Id(p.Id),
            ["name"] = p.Name,
            ["status"] = p.Outcome?.ToString() ?? "Open",
            ["rag"] = p.Rag?.ToString(),
            ["lateMilestones"] = Array(p.IsOpen
                ? p.Milestones.Where(m => m.ReachedOn is null && on > m.DueOn).Select(m => new JsonObject { ["name"] = m.Name, ["dueOn"] = Date(m.DueOn) })
                : []),
            ["openHighRisks"] = p.Risks.Count(r => r.Status == RiskStatus.Open && r.Impact >= RiskImpact.High),
            ["openRisks"] = p.Risks.Count(r => r.Status == RiskStatus.Open),
            ["openIssues"] = p.Issues.Count(i => i.ResolvedOn is null),
        }));

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant in UTC to the microsecond: what PostgreSQL keeps of a recorded time.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
