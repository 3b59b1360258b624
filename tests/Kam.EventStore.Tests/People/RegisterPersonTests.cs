using System.Text.Json;
using Alba;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

public sealed class RegisterPersonTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task registering_answers_201_with_the_address_and_the_person_reads_back_in_any_case()
    {
        var manager = await Given.Person("E1001", "Pekka Korhonen", Seniority.Director);

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(PeopleScenarios.Registration(" Maija.Virtanen@Example.com ", manager: "e1001")).ToUrl("/api/people");
            x.As("hr@example.com", Roles.Admin);
            x.StatusCodeShouldBe(201);
        });

        var created = await result.ReadAsJsonAsync<PersonCreated>();
        created.PersonId.ShouldBe("maija.virtanen@example.com");
        created.Version.ShouldBe(1);
        result.Context.Response.Headers.Location.ToString().ShouldBe("/api/people/maija.virtanen%40example.com");
        manager.ShouldBe("e1001");

        var read = await Host.Scenario(x =>
        {
            x.Get.Url("/api/people/MAIJA.VIRTANEN@example.com");
            x.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var person = await read.ReadAsJsonAsync<Person>();
        person.Id.ShouldBe(PersonIds.StreamId("maija.virtanen@example.com"));
        person.PersonId.ShouldBe("maija.virtanen@example.com");
        person.Name.ShouldBe("Maija Virtanen");
        person.Title.ShouldBe("Key Account Manager");
        person.OrgUnit.ShouldBe("Sales Finland");
        person.Seniority.ShouldBe(Seniority.Senior);
        person.ManagerPersonId.ShouldBe("e1001");
        person.HasLeft.ShouldBeFalse();
        person.Authority.ShouldBeEmpty();
        person.LastRecordedBy.ShouldBe("hr@example.com");
        person.Version.ShouldBe(1);

        await Host.Scenario(x =>
        {
            x.Get.Url("/api/people/maija.virtanen@example.com");
            x.WithRequestHeader("If-None-Match", "\"1\"");
            x.StatusCodeShouldBe(304);
        });
    }

    [Fact]
    public async Task registering_the_same_person_id_again_in_another_case_is_409_and_appends_nothing()
    {
        await Given.Person("maija.virtanen@example.com");
        var before = await Given.EventCount();

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(PeopleScenarios.Registration("MAIJA.VIRTANEN@EXAMPLE.COM", "Someone Else")).ToUrl("/api/people");
            x.StatusCodeShouldBe(409);
        });

        (await result.Problem()).Rule.ShouldBe("duplicate-person");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task the_registration_is_stored_under_its_business_name_with_who_and_when()
    {
        await Given.Person("e2002", "Anna Nieminen");

        var stream = await App.Store.LightweightSession().Events.FetchStreamAsync(PersonIds.StreamId("E2002"));

        var registered = stream.ShouldHaveSingleItem();
        registered.EventTypeName.ShouldBe(nameof(PersonRegistered));
        var data = registered.Data.ShouldBeOfType<PersonRegistered>();
        data.PersonId.ShouldBe("e2002");
        data.OccurredAt.ShouldBe(AppFixture.Start);
        data.By.ShouldBe(AppFixture.DefaultUser);
    }

    [Fact]
    public async Task a_retried_registration_with_the_same_idempotency_key_replays_and_appends_once()
    {
        var registration = PeopleScenarios.Registration("e3003");

        var first = await Host.Scenario(x =>
        {
            x.Post.Json(registration).ToUrl("/api/people");
            x.WithRequestHeader(IdempotentPosts.Header, "register-e3003");
            x.StatusCodeShouldBe(201);
        });
        var retry = await Host.Scenario(x =>
        {
            x.Post.Json(registration).ToUrl("/api/people");
            x.WithRequestHeader(IdempotentPosts.Header, "register-e3003");
            x.StatusCodeShouldBe(201);
        });

        (await retry.ReadAsTextAsync()).ShouldBe(await first.ReadAsTextAsync());
        (await Given.EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task the_people_operations_are_in_the_openapi_document()
    {
        var document = await Host.GetAsJson<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths");
        paths.GetProperty("/api/people").GetProperty("post").GetProperty("operationId").GetString().ShouldBe("RegisterPerson");
        paths.GetProperty("/api/people/{personId}/authority").GetProperty("get").GetProperty("operationId").GetString()
            .ShouldBe("GetPersonAuthority");
        paths.GetProperty("/api/people/{personId}/authority-grants").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain("If-Match");
        document.GetProperty("components").GetProperty("schemas").GetProperty("GrantAuthority").GetProperty("properties")
            .GetProperty("effectiveFrom").GetProperty("description").GetString().ShouldNotBeNull().ShouldContain("future");
    }
}
