using Alba;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

/// <summary>Each class of bad input to the People directory gets its status and a problem naming the field or rule, and appends nothing.</summary>
public sealed class PeopleBadInputTests(AppFixture app) : ApiTest(app)
{
    private Task<Problem> Refused(Action<Scenario> request, int status) => Given.Refused(request, status);

    private Task<Problem> Posted(string url, object body, int status) => Refused(x => x.Post.Json(body).ToUrl(url), status);

    [Fact]
    public async Task an_unknown_person_is_404_for_reads_and_every_write()
    {
        const string Nobody = "nobody@example.com";

        (await Refused(x => x.Get.Url($"/api/people/{Nobody}"), 404)).Detail.ShouldNotBeNull().ShouldContain(Nobody);
        foreach (var (route, command) in new (string, object)[]
        {
            ("profile-changes", new ChangePersonProfile { Title = "x", EffectiveOn = PeopleScenarios.Today, Reason = "x" }),
            ("departure", new RecordPersonDeparture { LeftOn = PeopleScenarios.Today }),
            ("authority-grants", PeopleScenarios.Grant(PeopleScenarios.Today)),
        })
        {
            var problem = await Posted($"/api/people/{Nobody}/{route}", command, 404);
            problem.Rule.ShouldBe("not-found");
            problem.Detail.ShouldNotBeNull().ShouldContain(Nobody);
        }
    }

    [Fact]
    public async Task missing_and_malformed_registration_fields_are_400_naming_each_field()
    {
        var problem = await Posted("/api/people", new RegisterPerson
        {
            PersonId = "not/an id",
            Name = " ",
            OrgUnit = "Sales",
            ManagerPersonId = "has space",
        }, 400);

        problem.Rule.ShouldBe("validation-failed");
        problem.Errors.Keys.ShouldBe(["personId", "name", "title", "seniority", "managerPersonId"], ignoreOrder: true);
    }

    [Fact]
    public async Task an_unknown_or_self_manager_is_422_at_registration_and_on_change()
    {
        (await Posted("/api/people", PeopleScenarios.Registration("e2", manager: "ghost"), 422)).Rule.ShouldBe("unknown-manager");
        (await Posted("/api/people", PeopleScenarios.Registration("e2", manager: "E2"), 422)).Rule.ShouldBe("own-manager");

        var id = await Given.Person("e2");
        (await Posted($"/api/people/{id}/profile-changes",
            new ChangePersonProfile { ManagerPersonId = "ghost", EffectiveOn = PeopleScenarios.Today, Reason = "Reorg" }, 422))
            .Rule.ShouldBe("unknown-manager");
        (await Posted($"/api/people/{id}/profile-changes",
            new ChangePersonProfile { ManagerPersonId = "E2", EffectiveOn = PeopleScenarios.Today, Reason = "Reorg" }, 422))
            .Rule.ShouldBe("own-manager");
    }

    [Fact]
    public async Task an_unknown_or_self_approver_is_422()
    {
        var id = await Given.Person("e2");

        (await Posted($"/api/people/{id}/authority-grants", PeopleScenarios.Grant(PeopleScenarios.Today, approver: "ghost"), 422))
            .Rule.ShouldBe("unknown-approver");
        (await Posted($"/api/people/{id}/authority-grants", PeopleScenarios.Grant(PeopleScenarios.Today, approver: " e2 "), 422))
            .Rule.ShouldBe("own-approver");
    }

    [Fact]
    public async Task negative_limits_a_discount_outside_0_to_100_unknown_and_repeated_currencies_are_400()
    {
        var id = await Given.Person("e2");

        var problem = await Posted($"/api/people/{id}/authority-grants", new GrantAuthority
        {
            EffectiveFrom = PeopleScenarios.Today,
            MaxCommitmentValues = [new Money(-1m, "EUR"), new Money(10m, "eur"), new Money(5m, "XYZ"), new Money(7m, "EUR")],
            MaxDiscountPercent = 101m,
            CommitmentKinds = [CommitmentKind.Resource, CommitmentKind.Resource],
            Reason = "Role",
        }, 400);

        problem.Errors.Keys.ShouldBe(
            [
                "maxCommitmentValues[0].amount", "maxCommitmentValues[1].currency", "maxCommitmentValues[2].currency",
                "maxCommitmentValues[3].currency", "maxDiscountPercent", "commitmentKinds[1]",
            ],
            ignoreOrder: true);
        (await Posted($"/api/people/{id}/authority-grants", PeopleScenarios.Grant(PeopleScenarios.Today, discount: -0.5m), 400))
            .Errors.Keys.ShouldBe(["maxDiscountPercent"]);
    }

    [Fact]
    public async Task a_grant_without_its_date_discount_or_reason_is_400()
    {
        var id = await Given.Person("e2");

        (await Posted($"/api/people/{id}/authority-grants", new GrantAuthority(), 400))
            .Errors.Keys.ShouldBe(["effectiveFrom", "maxDiscountPercent", "reason"], ignoreOrder: true);
    }

    [Fact]
    public async Task an_unknown_commitment_kind_or_seniority_name_is_400_naming_the_field()
    {
        var id = await Given.Person("e2");

        (await Refused(x => x.Post.Text("{\"effectiveFrom\": \"2026-01-01\", \"maxDiscountPercent\": 5, \"reason\": \"x\", \"commitmentKinds\": [\"Anything\"]}")
            .ToUrl($"/api/people/{id}/authority-grants").ContentType("application/json"), 400)).Rule.ShouldBe("malformed-json");
        (await Refused(x => x.Post.Text("{\"seniority\": \"Boss\", \"effectiveOn\": \"2026-01-01\", \"reason\": \"x\"}")
            .ToUrl($"/api/people/{id}/profile-changes").ContentType("application/json"), 400)).Errors.Keys.ShouldBe(["seniority"]);
    }

    [Fact]
    public async Task a_profile_change_dated_in_the_future_or_naming_and_removing_a_manager_is_400()
    {
        await Given.Person("e1");
        var id = await Given.Person("e2");

        (await Posted($"/api/people/{id}/profile-changes",
            new ChangePersonProfile { Title = "Lead", EffectiveOn = PeopleScenarios.Today.AddDays(7), Reason = "Planned" }, 400))
            .Errors.Keys.ShouldBe(["effectiveOn"]);
        (await Posted($"/api/people/{id}/profile-changes",
            new ChangePersonProfile { ManagerPersonId = "e1", RemoveManager = true, EffectiveOn = PeopleScenarios.Today, Reason = "?" }, 400))
            .Errors.Keys.ShouldBe(["removeManager"]);
        (await Posted($"/api/people/{id}/profile-changes",
            new ChangePersonProfile { Title = "Lead", EffectiveOn = PeopleScenarios.Today, Reason = "x", OccurredAt = AppFixture.Start.AddHours(1) }, 400))
            .Errors.Keys.ShouldBe(["occurredAt"]);
    }

    [Fact]
    public async Task a_stale_expected_version_in_the_body_or_if_match_is_409()
    {
        var id = await Given.Person("e2");
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 1, 1)));

        (await Posted($"/api/people/{id}/authority-grants", PeopleScenarios.Grant(PeopleScenarios.Today) with { Version = 1 }, 409))
            .Rule.ShouldBe("version-conflict");
        (await Refused(x =>
        {
            x.Post.Json(new RecordPersonDeparture { LeftOn = PeopleScenarios.Today }).ToUrl($"/api/people/{id}/departure");
            x.WithRequestHeader("If-Match", "\"1\"");
        }, 409)).Rule.ShouldBe("version-conflict");
        await Host.Scenario(x =>
        {
            x.Post.Json(new RecordPersonDeparture { LeftOn = PeopleScenarios.Today }).ToUrl($"/api/people/{id}/departure");
            x.WithRequestHeader("If-Match", "\"2\"");
            x.StatusCodeShouldBe(200);
        });
    }
}
