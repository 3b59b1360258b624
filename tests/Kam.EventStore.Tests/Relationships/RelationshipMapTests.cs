using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Relationships;

public sealed class RelationshipMapTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_as_of_story_kam_a_until_march_b_from_april_stakeholder_promoted_in_may_left_in_june()
    {
        var id = await Given.KeyAccount();
        await Given.Kam(id, "anna@example.com", D(1, 5));
        var maria = await Given.Stakeholder(id, "Maria Korhonen", D(1, 10), OrganisationLevel.Management, BuyingRole.Influencer);
        await Given.Link(id, "anna@example.com", maria, LinkStrength.Medium, D(1, 15));
        await Given.Handover(id, "ben@example.com", D(4, 1), "Maria is our champion-to-be");
        await Given.Link(id, "ben@example.com", maria, LinkStrength.Weak, D(4, 10));
        await Given.Change(id, $"stakeholders/{maria}/changes", new ChangeStakeholder
        {
            Title = "Chief Procurement Officer", Level = OrganisationLevel.Executive, BuyingRole = BuyingRole.DecisionMaker,
            Reason = "Promoted", EffectiveOn = D(5, 15),
        });
        await Given.Change(id, $"stakeholders/{maria}/departure", new RecordStakeholderDeparture { Reason = "Left the customer", EffectiveOn = D(6, 20) });

        var february = await Given.RolesOn(id, D(2, 15));
        february.AccountManager!.PersonId.ShouldBe("anna@example.com");
        february.Stakeholders.Single().Profile.Title.ShouldBe("Head of Procurement");
        var mapFebruary = await Given.Map(id, D(2, 15));
        mapFebruary.Stakeholders.Single().Links.Select(l => l.PersonId).ShouldBe(["anna@example.com"]);
        mapFebruary.Coverage.SingleThreaded.ShouldBeTrue();
        mapFebruary.Coverage.OnlyLinkHolder.ShouldBe("anna@example.com");
        mapFebruary.Coverage.LevelsWithoutLink.ShouldBe([OrganisationLevel.Executive, OrganisationLevel.Operational]);

        var april = await Given.RolesOn(id, D(4, 20));
        april.AccountManager!.ShouldSatisfyAllConditions(
            m => m.PersonId.ShouldBe("ben@example.com"),
            m => m.HandoverNoteReceived.ShouldBe("Maria is our champion-to-be"));
        (await Given.Map(id, D(4, 20))).Coverage.SingleThreaded.ShouldBeFalse();

        var may = await Given.Map(id, D(5, 20));
        may.Stakeholders.Single().Profile.ShouldSatisfyAllConditions(
            p => p.Title.ShouldBe("Chief Procurement Officer"),
            p => p.Level.ShouldBe(OrganisationLevel.Executive),
            p => p.BuyingRole.ShouldBe(BuyingRole.DecisionMaker));
        may.Coverage.DecisionMakersWithoutStrongLink.ShouldBe([maria]);
        may.Coverage.LevelsWithoutLink.ShouldBe([OrganisationLevel.Management, OrganisationLevel.Operational]);

        var july = await Given.Map(id, D(7, 1));
        july.Stakeholders.ShouldBeEmpty();
        july.Coverage.LevelsWithoutLink.Count.ShouldBe(3);
        (await Given.RolesOn(id, D(7, 1))).AccountManager!.PersonId.ShouldBe("ben@example.com");

        var history = (await Host.GetAsJson<AccountRoles>($"/api/accounts/{id}/role-history"))!;
        history.Managers.Select(m => (m.PersonId, m.From, m.To)).ShouldBe([("anna@example.com", D(1, 5), (DateOnly?)D(4, 1)), ("ben@example.com", D(4, 1), null)]);
        history.Stakeholders.Select(s => (s.From, s.To, s.Left)).ShouldBe([(D(1, 10), (DateOnly?)D(5, 15), false), (D(5, 15), D(6, 20), true)]);
    }

    [Fact]
    public async Task a_link_is_stale_after_the_threshold_without_contact_and_keeps_its_original_since_across_strength_changes()
    {
        var id = await Given.KeyAccount();
        var olli = await Given.Stakeholder(id, "Olli", D(1, 1), OrganisationLevel.Operational, BuyingRole.User);
        await Given.Link(id, "anna@example.com", olli, LinkStrength.Weak, D(1, 10));
        await Given.Change(id, $"links/anna@example.com/{olli}/strength-changes", new ChangeLinkStrength { Strength = LinkStrength.Strong, EffectiveOn = D(3, 1) });

        var link = (await Given.Map(id, D(3, 15), staleAfterDays: 30)).Stakeholders.Single().Links.Single();
        link.Since.ShouldBe(D(1, 10));
        link.Strength.ShouldBe(LinkStrength.Strong);
        link.Stale.ShouldBeTrue();
        (await Given.Map(id, D(1, 20), staleAfterDays: 30)).Coverage.StaleLinks.ShouldBe(0);

        await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{id}/relationship-map?staleAfterDays=0");
            x.StatusCodeShouldBe(400);
        });
    }
}
