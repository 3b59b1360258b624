using Alba;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

public sealed class RecordPersonDepartureTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateOnly LastDay = new(2026, 10, 31);

    [Fact]
    public async Task a_departure_closes_the_record_and_every_later_change_is_409()
    {
        var id = await Given.Person("e2");
        await Given.Departure(id, LastDay, "Moved to another employer");
        var before = await Given.EventCount();

        foreach (var (route, command) in new (string, object)[]
        {
            ("profile-changes", new ChangePersonProfile { Title = "Anything", EffectiveOn = LastDay, Reason = "x" }),
            ("authority-grants", PeopleScenarios.Grant(LastDay)),
            ("departure", new RecordPersonDeparture { LeftOn = LastDay }),
        })
        {
            var result = await Host.Scenario(x =>
            {
                x.Post.Json(command).ToUrl($"/api/people/{id}/{route}");
                x.StatusCodeShouldBe(409);
            });
            (await result.Problem()).Rule.ShouldBe("person-left");
        }

        (await Given.EventCount()).ShouldBe(before);
        var person = await Given.PersonView(id);
        person.HasLeft.ShouldBeTrue();
        person.LeftOn.ShouldBe(LastDay);
        person.LeftReason.ShouldBe("Moved to another employer");
    }

    [Fact]
    public async Task a_departure_dated_in_the_future_is_400()
    {
        var id = await Given.Person("e2");

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new RecordPersonDeparture { LeftOn = PeopleScenarios.Today.AddDays(30) }).ToUrl($"/api/people/{id}/departure");
            x.StatusCodeShouldBe(400);
        });

        (await result.Problem()).Errors.Keys.ShouldBe(["leftOn"]);
        (await Given.PersonView(id)).HasLeft.ShouldBeFalse();
    }

    [Fact]
    public async Task someone_who_left_cannot_become_a_manager_or_approver()
    {
        await Given.Person("e1", "Pekka Korhonen");
        await Given.Departure("e1", LastDay);
        var id = await Given.Person("e2");

        var asManager = await Host.Scenario(x =>
        {
            x.Post.Json(new ChangePersonProfile { ManagerPersonId = "e1", EffectiveOn = LastDay, Reason = "Reorg" }).ToUrl($"/api/people/{id}/profile-changes");
            x.StatusCodeShouldBe(422);
        });
        var asApprover = await Host.Scenario(x =>
        {
            x.Post.Json(PeopleScenarios.Grant(LastDay, approver: "e1")).ToUrl($"/api/people/{id}/authority-grants");
            x.StatusCodeShouldBe(422);
        });

        (await asManager.Problem()).Rule.ShouldBe("manager-left");
        (await asApprover.Problem()).Rule.ShouldBe("approver-left");
    }
}
