using Alba;
using Kam.EventStore.Plans;

namespace Kam.EventStore.Tests.Plans;

/// <summary>The plan of the stories: 2026-2027, three objectives, two strategy statements, two actions; fixed ids.</summary>
public static class PlanScenarios
{
    public const string Anna = "anna@example.com";
    public const string Mikko = "mikko@example.com";
    public const string Hanna = "hanna@example.com";
    public const string Ben = "ben@example.com";

    public static readonly Guid ShareOfWallet = new("0199b000-0000-7000-8000-0000000000a1");
    public static readonly Guid OnTimeDelivery = new("0199b000-0000-7000-8000-0000000000a2");
    public static readonly Guid Sustainability = new("0199b000-0000-7000-8000-0000000000a3");
    public static readonly Guid Reviews = new("0199b000-0000-7000-8000-0000000000b1");
    public static readonly Guid FibrePilot = new("0199b000-0000-7000-8000-0000000000b2");
    public static readonly Guid OtifReview = new("0199b000-0000-7000-8000-0000000000b3");

    public const string Strategy1 = "Move the relationship from procurement to the mill's production management";
    public const string Strategy2 = "Make on-time delivery our difference from the competition";

    public static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    public static PlanObjectiveInput Objective(Guid id, string description, string metric, decimal baseline, decimal target, DateOnly dueOn, ObjectiveOwner whose,
        string? unit = "%") => new()
    {
        ObjectiveId = id, Description = description, Metric = metric, Unit = unit, Baseline = baseline, Target = target, DueOn = dueOn, Whose = whose,
    };

    public static IReadOnlyList<PlanObjectiveInput> JanuaryObjectives =>
    [
        Objective(ShareOfWallet, "Grow our share of their coated board purchases", "Share of wallet, coated board", 20m, 30m, D(12, 31, 2027), ObjectiveOwner.Joint),
        Objective(OnTimeDelivery, "Deliver on time, in full", "OTIF", 88m, 95m, D(12, 31), ObjectiveOwner.Ours),
        Objective(Sustainability, "Cut the CO2 of their packaging", "CO2 saved", 0m, 500m, D(6, 30, 2027), ObjectiveOwner.Customers, "t"),
    ];

    public static IReadOnlyList<PlanActionInput> JanuaryActions =>
    [
        new() { ActionId = Reviews, Description = "Quarterly business reviews with the CPO", OwnerPersonId = Anna, DueOn = D(3, 31), ObjectiveId = ShareOfWallet },
        new() { ActionId = FibrePilot, Description = "Recycled-fibre pilot", OwnerPersonId = Ben, DueOn = D(9, 30), ObjectiveId = Sustainability },
    ];

    public static DraftAccountPlan Draft(Guid planId) => new()
    {
        PlanId = planId,
        Title = "Nordic Paper 2026-2027",
        PeriodFrom = D(1, 1),
        PeriodTo = D(12, 31, 2027),
        AuthorPersonId = Anna,
        Objectives = JanuaryObjectives,
        Strategies = [Strategy1, "Offer joint development of recycled-fibre grades"],
        Actions = JanuaryActions,
    };

    /// <summary>The June revision: the sustainability objective (and its pilot) dropped, the on-time target raised to 97, a weekly OTIF review added.</summary>
    public static ReviseAccountPlan June => new()
    {
        Objectives =
        [
            JanuaryObjectives[0],
            JanuaryObjectives[1] with { Target = 97m },
        ],
        Strategies = [Strategy1, "Offer joint development of recycled-fibre grades"],
        Actions =
        [
            JanuaryActions[0],
            new() { ActionId = OtifReview, Description = "Weekly OTIF review with the mill", OwnerPersonId = Ben, DueOn = D(12, 31), ObjectiveId = OnTimeDelivery },
        ],
        Reason = "The customer cut its sustainability budget; on-time delivery matters more to them",
    };

    public static async Task<PlanCreated> Plan(this Scenarios given, Guid accountId, DraftAccountPlan draft)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(draft).ToUrl($"/api/accounts/{accountId}/plans");
            x.StatusCodeShouldBe(201);
        });
        return await result.ReadAsJsonAsync<PlanCreated>();
    }

    /// <summary>Posts a change to a plan, as <paramref name="caller"/> (writer and approver) when given.</summary>
    public static async Task<PlanWritten> OnPlan(this Scenarios given, Guid planId, string route, object command, string? caller = null) =>
        await (await Tellings.Post(given.App, $"/api/plans/{planId}/{route}", command, 200, caller)).ReadAsJsonAsync<PlanWritten>();

    public static async Task<PlanView> PlanView(this Scenarios given, Guid planId, string query = "") =>
        (await given.App.Host.GetAsJson<PlanView>($"/api/plans/{planId}{query}"))!;
}
