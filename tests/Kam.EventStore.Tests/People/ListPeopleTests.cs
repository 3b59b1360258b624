using Alba;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

public sealed class ListPeopleTests(AppFixture app) : ApiTest(app)
{
    private async Task<Page<Person>> List(string query) => (await Host.GetAsJson<Page<Person>>($"/api/people{query}"))!;

    [Fact]
    public async Task pages_follow_the_name_order_and_never_skip_or_repeat_while_people_are_added()
    {
        var names = new[] { "Delta Dahl", "alpha Aho", "Echo Ek", "Bravo Berg", "Charlie Carlsson", "Foxtrot Frost" };
        for (var i = 0; i < names.Length; i++)
        {
            await Given.Person($"e{i}", names[i]);
        }

        var seen = new List<string>();
        var page = await List("?limit=4");
        seen.AddRange(page.Items.Select(p => p.Name));

        await Given.Person("e100", "Aaron Aalto"); // behind the cursor: not shown
        await Given.Person("e101", "Golf Grön"); // ahead of it: shown

        while (page.Next is not null)
        {
            page = await List($"?limit=4&cursor={page.Next}");
            seen.AddRange(page.Items.Select(p => p.Name));
        }

        seen.ShouldBe(["alpha Aho", "Bravo Berg", "Charlie Carlsson", "Delta Dahl", "Echo Ek", "Foxtrot Frost", "Golf Grön"]);
    }

    [Fact]
    public async Task filters_by_name_or_person_id_text_and_org_unit_and_hides_people_who_left_unless_asked()
    {
        await Given.Person("maija.virtanen@example.com", "Maija Virtanen", orgUnit: "Sales Finland");
        await Given.Person("e2002", "Anna Nieminen", orgUnit: "Sales Sweden");
        await Given.Person("e3003", "Matti Virtanen", orgUnit: "sales finland");
        await Given.Departure("e3003", new DateOnly(2026, 10, 1));

        (await List("?q=VIRTANEN")).Items.Select(p => p.PersonId).ShouldBe(["maija.virtanen@example.com"]);
        (await List("?q=virtanen&includeLeft=true")).Items.Select(p => p.PersonId).ShouldBe(["maija.virtanen@example.com", "e3003"]);
        (await List("?q=e2002")).Items.Select(p => p.Name).ShouldBe(["Anna Nieminen"]);
        (await List("?orgUnit=SALES%20FINLAND&includeLeft=true")).Items.Count.ShouldBe(2);
        (await List("?orgUnit=Sales")).Items.ShouldBeEmpty();
        (await List("?q=100%25")).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?cursor=nope", "cursor")]
    public async Task a_bad_page_request_is_400_naming_the_parameter(string query, string field)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url($"/api/people{query}");
            x.StatusCodeShouldBe(400);
        });

        (await result.Problem()).Errors.Keys.ShouldContain(field);
    }
}
