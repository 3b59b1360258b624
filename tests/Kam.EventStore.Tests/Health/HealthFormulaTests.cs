using System.Text.Json;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Health;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.Relationships;

namespace Kam.EventStore.Tests.Health;

/// <summary>The formula is versioned data: built in as version 0, registered by admins as new versions, never changed, any of them usable for any instant.</summary>
public sealed class HealthFormulaTests(AppFixture app) : ApiTest(app)
{
    private static RegisterHealthFormula Valid => HealthScenarios.ContactAndPromises;

    [Fact]
    public void version_0_is_frozen()
    {
        // Scores and issued reviews under version 0 must read the same forever: change the formula by registering a version.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        var json = CanonicalJson.Bytes(JsonSerializer.SerializeToNode(HealthFormulas.BuiltIn, options));
        CanonicalJson.Sha256(json).ShouldBe("0c10a74244795a6d2290134fe5b0863fc39403b24a35bc00089528eb82d4082a");
        HealthFormulaRules.Check(HealthFormulas.BuiltIn.Name, HealthFormulas.BuiltIn.Reason, HealthFormulas.BuiltIn.Signals, HealthFormulas.BuiltIn.Bands,
            HealthFormulas.BuiltIn.StageProbabilities).ShouldBe(Problems.None, "the built-in version meets the rules of every version");
    }

    [Fact]
    public async Task a_fresh_installation_scores_with_the_built_in_version_0()
    {
        (await Host.GetAsJson<List<HealthFormula>>("/api/health-formulas"))!.Select(f => f.Version).ShouldBe([0]);
        var zero = (await Host.GetAsJson<HealthFormula>("/api/health-formulas/0"))!;
        zero.Bands.Select(b => (b.Name, b.Min, b.Max)).ShouldBe([("Red", 0, 49), ("Amber", 50, 74), ("Green", 75, 100)]);
        zero.RegisteredAt.ShouldBeNull();

        var account = await Given.KeyAccount();
        var health = await Given.Health(account);
        health.FormulaVersion.ShouldBe(0);
        health.Signals.Select(s => s.Signal).ShouldBe(HealthFormulas.BuiltIn.Signals.Select(s => s.Signal));
        await Given.Refused(x => x.Get.Url("/api/health-formulas/1"), 404);
    }

    [Fact]
    public async Task a_registered_version_is_in_force_from_then_on_and_any_instant_scores_under_any_version()
    {
        var account = await Given.KeyAccount();
        await Given.Stakeholder(account, "Maria Korhonen", new DateOnly(2026, 10, 1));
        var before = App.Clock.Now;
        App.Clock.Advance(TimeSpan.FromHours(1));

        (await Given.Formula(Valid)).ShouldBe(1);
        var registered = (await Host.GetAsJson<HealthFormula>("/api/health-formulas/1"))!;
        registered.ShouldSatisfyAllConditions(
            f => f.Name.ShouldBe("Contact and promises"),
            f => f.RegisteredAt.ShouldBe(App.Clock.Now),
            f => f.RegisteredBy.ShouldBe(AppFixture.DefaultUser),
            f => f.Signals.Single(s => s.Signal == HealthSignal.BrokenCommitments).WindowDays.ShouldBe(30),
            f => f.StageProbabilities.ShouldBe(new StageWeights(10m, 25m, 50m, 75m), "taken from the configuration when not given"));

        // Now: version 1. As of before it was registered: version 0. Either, asked for, at any instant.
        var now = await Given.Health(account);
        now.FormulaVersion.ShouldBe(1);
        now.Signals.Select(s => s.Signal).ShouldBe([HealthSignal.DaysSinceContact, HealthSignal.OverdueCommitments, HealthSignal.BrokenCommitments]);
        now.Band.ShouldBeOneOf("Poor", "Fair", "Good");
        var then = await Given.Health(account, $"asOf={Uri.EscapeDataString(before.ToString("O"))}");
        then.FormulaVersion.ShouldBe(0);
        var thenUnderNew = await Given.Health(account, $"asOf={Uri.EscapeDataString(before.ToString("O"))}&formulaVersion=1");
        thenUnderNew.FormulaVersion.ShouldBe(1);
        thenUnderNew.Signals.ShouldBe(now.Signals, "nothing that counts under version 1 changed since");
        (await Given.Health(account, "formulaVersion=0")).Signals.Select(s => s.Signal).ShouldBe(then.Signals.Select(s => s.Signal));

        // A version decided on an older one is refused; on the latest, it is version 2.
        var stale = await Given.Refused(x => x.Post.Json(Valid with { Version = 0 }).ToUrl("/api/health-formulas"), 409);
        stale.Rule.ShouldBe("version-conflict");
        (await Given.Formula(Valid with { Version = 1, Name = "Second" })).ShouldBe(2);
        (await Host.GetAsJson<List<HealthFormula>>("/api/health-formulas"))!.Select(f => f.Version).ShouldBe([0, 1, 2]);
        (await Host.GetAsJson<HealthFormula>("/api/health-formulas/1"))!.Name.ShouldBe("Contact and promises", "a version never changes");

        var unknown = await Given.Refused(x => x.Get.Url($"/api/accounts/{account}/health?formulaVersion=3"), 400);
        unknown.Errors.Keys.ShouldBe(["formulaVersion"]);
    }

    [Fact]
    public async Task only_an_admin_registers_a_version()
    {
        var refused = await Given.Refused(x =>
        {
            x.Post.Json(Valid).ToUrl("/api/health-formulas");
            x.As("kam@example.com", Roles.Writer);
        }, 403);
        refused.Rule.ShouldBe("forbidden");
    }

    public static TheoryData<string, int, string, string> BadFormulas() => new()
    {
        { "negative weight", 400, "", "signals[0].weight" },
        { "no weight above 0", 400, "", "signals" },
        { "good equal to bad", 400, "", "signals[0].bad" },
        { "a signal twice", 400, "", "signals[1].signal" },
        { "a window on another signal", 400, "", "signals[0].windowDays" },
        { "no signal", 400, "", "signals" },
        { "a band beyond 100", 400, "", "bands[2].max" },
        { "a band upside down", 400, "", "bands[1].max" },
        { "two bands of one name", 400, "", "bands[1].name" },
        { "overlapping bands", 422, "overlapping-bands", "" },
        { "a gap between bands", 422, "bands-leave-a-gap", "" },
        { "no band up to 100", 422, "bands-leave-a-gap", "" },
        { "no band from 0", 422, "bands-leave-a-gap", "" },
        { "a stage probability over 100", 400, "", "stageProbabilities.negotiate" },
    };

    [Theory]
    [MemberData(nameof(BadFormulas))]
    public async Task a_bad_formula_is_refused_and_appends_nothing(string what, int status, string rule, string field)
    {
        var rules = Valid.Signals;
        var formula = what switch
        {
            "negative weight" => Valid with { Signals = [rules[0] with { Weight = -5m }, .. rules.Skip(1)] },
            "no weight above 0" => Valid with { Signals = [.. rules.Select(r => r with { Weight = 0m })] },
            "good equal to bad" => Valid with { Signals = [rules[0] with { Bad = rules[0].Good }, .. rules.Skip(1)] },
            "a signal twice" => Valid with { Signals = [rules[0], rules[0]] },
            "a window on another signal" => Valid with { Signals = [rules[0] with { WindowDays = 30 }] },
            "no signal" => Valid with { Signals = [] },
            "a band beyond 100" => Valid with { Bands = [Valid.Bands[0], Valid.Bands[1], new HealthBand("Good", 80, 120)] },
            "a band upside down" => Valid with { Bands = [Valid.Bands[0], new HealthBand("Fair", 79, 40), Valid.Bands[2]] },
            "two bands of one name" => Valid with { Bands = [Valid.Bands[0], new HealthBand("poor", 40, 79), Valid.Bands[2]] },
            "overlapping bands" => Valid with { Bands = [new HealthBand("Poor", 0, 45), new HealthBand("Fair", 40, 79), Valid.Bands[2]] },
            "a gap between bands" => Valid with { Bands = [new HealthBand("Poor", 0, 30), new HealthBand("Fair", 40, 79), Valid.Bands[2]] },
            "no band up to 100" => Valid with { Bands = [Valid.Bands[0], Valid.Bands[1], new HealthBand("Good", 80, 99)] },
            "no band from 0" => Valid with { Bands = [new HealthBand("Poor", 1, 39), Valid.Bands[1], Valid.Bands[2]] },
            "a stage probability over 100" => Valid with { StageProbabilities = new StageWeights(10, 25, 50, 101) },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        var problem = await Given.Refused(x => x.Post.Json(formula).ToUrl("/api/health-formulas"), status);
        if (rule.Length > 0)
        {
            problem.Rule.ShouldBe(rule, what);
        }
        else
        {
            problem.Errors.Keys.ShouldContain(field, what);
        }

        (await Host.GetAsJson<List<HealthFormula>>("/api/health-formulas"))!.Count.ShouldBe(1, "only the built-in version");
    }

    [Fact]
    public async Task a_formula_with_an_unknown_signal_a_missing_threshold_or_a_null_signal_is_refused()
    {
        var unknown = await Given.Refused(x => x.Post.Text("""
            {"name": "x", "reason": "y", "signals": [{"signal": "Mood", "weight": 1, "good": 1, "bad": 0}],
             "bands": [{"name": "All", "min": 0, "max": 100}]}
            """).ContentType("application/json").ToUrl("/api/health-formulas"), 400);
        unknown.Errors.Keys.ShouldContain("signals[0].signal");
        var missing = await Given.Refused(x => x.Post.Text("""
            {"name": "x", "reason": "y", "signals": [{"signal": "LevelsLinked", "weight": 1, "good": 3}],
             "bands": [{"name": "All", "min": 0, "max": 100}]}
            """).ContentType("application/json").ToUrl("/api/health-formulas"), 400);
        missing.Rule.ShouldBe("missing-field");
        var nullItem = await Given.Refused(x => x.Post.Text("""
            {"name": "x", "reason": "y", "signals": [null], "bands": [{"name": "All", "min": 0, "max": 100}]}
            """).ContentType("application/json").ToUrl("/api/health-formulas"), 400);
        nullItem.Errors.Keys.ShouldContain("signals[0]", "a list of signals takes no null item");
    }
}
