using System.Net;
using System.Text;
using System.Text.Json;

namespace Kam.EventStore.Tests.People;

public sealed class PeopleConcurrencyTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task of_racing_registrations_of_one_person_id_exactly_one_wins_and_the_rest_get_409()
    {
        var client = App.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            // The same person in different cases: the derived stream id makes them one.
            var body = JsonSerializer.Serialize(new { personId = i % 2 == 0 ? "E7" : "e7", name = $"Racer {i}", title = "KAM", orgUnit = "Sales", seniority = "Senior" });
            using var response = await client.PostAsync("/api/people", new StringContent(body, Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5);
        (await Given.EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task of_racing_grants_on_the_same_version_exactly_one_wins_and_the_rest_get_409()
    {
        var id = await Given.Person("e2");
        var client = App.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var body = JsonSerializer.Serialize(new { effectiveFrom = "2026-01-01", maxDiscountPercent = i, reason = $"Grant {i}", version = 1 });
            using var response = await client.PostAsync($"/api/people/{id}/authority-grants", new StringContent(body, Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5);
        (await Given.PersonView(id)).Version.ShouldBe(2);
    }
}
