using System.Text.Json;
using Alba;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

public sealed class ChangePersonProfileTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly DateOnly March = new(2026, 3, 1);

    [Fact]
    public async Task a_promotion_records_only_the_changed_fields_and_shows_in_the_directory()
    {
        var manager = await Given.Person("e1", "Pekka Korhonen", Seniority.Director);
        var id = await Given.Person("e2", "Maija Virtanen", Seniority.Senior);

        var version = await Given.PersonChange(id, "profile-changes", new ChangePersonProfile
        {
            Title = "Key Account Director",
            Seniority = Seniority.Director,
            OrgUnit = "Sales Finland", // unchanged: not part of the event
            ManagerPersonId = "E1",
            EffectiveOn = June,
            Reason = "Promoted",
            Version = 1,
        });

        version.ShouldBe(2);
        var person = await Given.PersonView(id);
        person.Title.ShouldBe("Key Account Director");
        person.Seniority.ShouldBe(Seniority.Director);
        person.ManagerPersonId.ShouldBe(manager);
        person.ProfileChanges.ShouldHaveSingleItem().EffectiveOn.ShouldBe(June);
        person.Version.ShouldBe(2);

        await using var session = App.Store.LightweightSession();
        var changed = (await session.Events.FetchStreamAsync(person.Id))[1].Data.ShouldBeOfType<PersonProfileChanged>();
        changed.OrgUnit.ShouldBeNull();
        changed.Title.ShouldBe("Key Account Director");
        changed.Manager.ShouldBe(new ManagerChange("e1"));
        changed.Reason.ShouldBe("Promoted");
    }

    [Fact]
    public async Task a_backdated_change_slots_into_the_history_and_does_not_overwrite_a_later_one()
    {
        var id = await Given.Person("e2", seniority: Seniority.Specialist);
        await Given.PersonChange(id, "profile-changes", new ChangePersonProfile { Seniority = Seniority.Manager, EffectiveOn = June, Reason = "Team lead" });

        // Recorded later, effective earlier: it is history, not the current state.
        await Given.PersonChange(id, "profile-changes", new ChangePersonProfile
        {
            Seniority = Seniority.Senior, OrgUnit = "Sales Nordics", EffectiveOn = March, Reason = "Review",
        });

        var person = await Given.PersonView(id);
        person.Seniority.ShouldBe(Seniority.Manager);
        person.OrgUnit.ShouldBe("Sales Nordics");
        person.ProfileChanges.Select(c => c.EffectiveOn).ShouldBe([March, June]);
        person.ProfileOn(new DateOnly(2026, 2, 1)).Seniority.ShouldBe(Seniority.Specialist);
        person.ProfileOn(new DateOnly(2026, 4, 1)).Seniority.ShouldBe(Seniority.Senior);
        person.ProfileOn(June).Seniority.ShouldBe(Seniority.Manager);
    }

    [Fact]
    public async Task the_manager_can_be_removed()
    {
        await Given.Person("e1", "Pekka Korhonen");
        var id = await Given.Person("e2", manager: "e1");

        await Given.PersonChange(id, "profile-changes", new ChangePersonProfile { RemoveManager = true, EffectiveOn = June, Reason = "Reports to the board" });

        (await Given.PersonView(id)).ManagerPersonId.ShouldBeNull();
    }

    [Fact]
    public async Task a_change_that_changes_nothing_on_its_date_is_422()
    {
        var id = await Given.Person("e2", seniority: Seniority.Senior);
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new ChangePersonProfile { Seniority = Seniority.Senior, EffectiveOn = June, Reason = "Check" })
                .ToUrl($"/api/people/{id}/profile-changes");
            x.StatusCodeShouldBe(422);
        });

        (await result.Problem()).Rule.ShouldBe("nothing-to-change");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_backdated_change_keeps_the_latest_business_time_and_the_new_name_shows()
    {
        var id = await Given.Person("e2");

        await Given.PersonChange(id, "profile-changes", new ChangePersonProfile
        {
            Name = "Maija Virtanen-Laine", EffectiveOn = June, Reason = "Married", OccurredAt = AppFixture.Start.AddHours(-2),
        });

        var person = await Host.GetAsJson<JsonElement>($"/api/people/{id}");
        person.GetProperty("name").GetString().ShouldBe("Maija Virtanen-Laine");
        person.GetProperty("registeredAt").GetDateTimeOffset().ShouldBe(AppFixture.Start);
        person.GetProperty("lastOccurredAt").GetDateTimeOffset().ShouldBe(AppFixture.Start);
    }
}
