using Alba;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;

namespace Kam.EventStore.Tests.Relationships;

/// <summary>Given-helpers for role changes, driving the HTTP API.</summary>
public static class RelationshipScenarios
{
    /// <summary>Registers each colleague in the people directory unless already there.</summary>
    public static async Task Colleagues(this Scenarios given, params string[] personIds)
    {
        foreach (var personId in personIds)
        {
            await given.App.Host.Scenario(x =>
            {
                x.Post.Json(PeopleScenarios.Registration(personId, name: personId.Split('@')[0])).ToUrl("/api/people");
                x.IgnoreStatusCode();
            });
        }
    }

    public static async Task<long> Kam(this Scenarios given, Guid accountId, string personId, DateOnly on)
    {
        await given.Colleagues(personId);
        return await given.Change(accountId, "account-manager/assignments", new AssignAccountManager { PersonId = personId, EffectiveOn = on });
    }

    public static async Task<long> Handover(this Scenarios given, Guid accountId, string toPersonId, DateOnly on, string note = "Open price review")
    {
        await given.Colleagues(toPersonId);
        return await given.Change(accountId, "account-manager/handovers", new HandOverAccount { ToPersonId = toPersonId, EffectiveOn = on, HandoverNote = note });
    }

    public static async Task<long> TeamMember(this Scenarios given, Guid accountId, string personId, TeamRole role, DateOnly on)
    {
        await given.Colleagues(personId);
        return await given.Change(accountId, "team/members", new AddTeamMember { PersonId = personId, Role = role, EffectiveOn = on });
    }

    public static async Task<Guid> Stakeholder(
        this Scenarios given, Guid accountId, string name, DateOnly on, OrganisationLevel level = OrganisationLevel.Management,
        BuyingRole buyingRole = BuyingRole.DecisionMaker, string title = "Head of Procurement")
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(new AddStakeholder
            {
                Name = name, Title = title, Department = "Procurement", Level = level, BuyingRole = buyingRole,
                Stance = Stance.Neutral, Email = "maria.korhonen@customer.example", EffectiveOn = on,
            }).ToUrl($"/api/accounts/{accountId}/stakeholders");
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<StakeholderCreated>()).StakeholderId;
    }

    public static async Task<long> Link(this Scenarios given, Guid accountId, string personId, Guid stakeholderId, LinkStrength strength, DateOnly on)
    {
        await given.Colleagues(personId);
        return await given.Change(accountId, "links", new EstablishRelationshipLink { PersonId = personId, StakeholderId = stakeholderId, Strength = strength, EffectiveOn = on });
    }

    public static async Task<AccountRolesOn> RolesOn(this Scenarios given, Guid accountId, DateOnly on) =>
        (await given.App.Host.GetAsJson<AccountRolesOn>($"/api/accounts/{accountId}/roles?on={on:yyyy-MM-dd}"))!;

    public static async Task<RelationshipMap> Map(this Scenarios given, Guid accountId, DateOnly on, int? staleAfterDays = null) =>
        (await given.App.Host.GetAsJson<RelationshipMap>(
            $"/api/accounts/{accountId}/relationship-map?on={on:yyyy-MM-dd}" + (staleAfterDays is { } d ? $"&staleAfterDays={d}" : "")))!;

    public static DateOnly D(int month, int day) => new(2026, month, day);
}
