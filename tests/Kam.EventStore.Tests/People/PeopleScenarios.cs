using Alba;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

/// <summary>"Given" helpers for the People directory; they drive the public HTTP API.</summary>
public static class PeopleScenarios
{
    /// <summary>Today on the test clock.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(AppFixture.Start.UtcDateTime);

    public static RegisterPerson Registration(
        string personId, string name = "Maija Virtanen", Seniority seniority = Seniority.Senior, string? manager = null,
        string orgUnit = "Sales Finland") => new()
    {
        PersonId = personId,
        Name = name,
        Title = "Key Account Manager",
        OrgUnit = orgUnit,
        Seniority = seniority,
        ManagerPersonId = manager,
    };

    public static GrantAuthority Grant(
        DateOnly effectiveFrom, decimal eur = 50_000m, decimal discount = 10m, string? approver = null, string reason = "Role") => new()
    {
        EffectiveFrom = effectiveFrom,
        MaxCommitmentValues = [new Money(eur, "EUR")],
        MaxDiscountPercent = discount,
        CommitmentKinds = [CommitmentKind.DeliveryDate, CommitmentKind.InformationOrFollowUp],
        ApproverPersonId = approver,
        Reason = reason,
    };

    /// <summary>A person registered through the API; returns their (normalised) person id.</summary>
    public static async Task<string> Person(
        this Scenarios given, string personId, string name = "Maija Virtanen", Seniority seniority = Seniority.Senior,
        string? manager = null, string orgUnit = "Sales Finland")
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(Registration(personId, name, seniority, manager, orgUnit)).ToUrl("/api/people");
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PersonCreated>()).PersonId;
    }

    /// <summary>Posts a command to a person and expects it to be accepted; returns the new version.</summary>
    public static async Task<long> PersonChange(this Scenarios given, string personId, string route, object command)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(command).ToUrl($"/api/people/{personId}/{route}");
            x.StatusCodeShouldBe(200);
        });
        return (await result.ReadAsJsonAsync<PersonWritten>()).Version;
    }

    /// <summary>Authority granted through the API; returns the new version.</summary>
    public static Task<long> Authority(this Scenarios given, string personId, GrantAuthority grant) =>
        given.PersonChange(personId, "authority-grants", grant);

    /// <summary>A departure recorded through the API; returns the new version.</summary>
    public static Task<long> Departure(this Scenarios given, string personId, DateOnly leftOn, string? reason = "Moved on") =>
        given.PersonChange(personId, "departure", new RecordPersonDeparture { LeftOn = leftOn, Reason = reason });

    public static async Task<Kam.EventStore.People.Person> PersonView(this Scenarios given, string personId) =>
        (await given.App.Host.GetAsJson<Kam.EventStore.People.Person>($"/api/people/{personId}"))!;
}
