using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Relationships;

public sealed class TeamAndStakeholderTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task team_members_are_added_change_roles_and_leave_as_dated_intervals()
    {
        var id = await Given.KeyAccount();
        await Given.TeamMember(id, "carl@example.com", TeamRole.Specialist, D(1, 10));
        await Given.Change(id, "team/members/Carl@example.com/role-changes", new ChangeTeamMemberRole { Role = TeamRole.Other, RoleName = "Sustainability lead", EffectiveOn = D(3, 1) });
        await Given.Change(id, "team/members/carl@example.com/removal", new RemoveTeamMember { Reason = "Moved to another unit", EffectiveOn = D(6, 1) });

        var history = (await Host.GetAsJson<AccountRoles>($"/api/accounts/{id}/role-history"))!;
        history.Team.ShouldBe(
        [
            new TeamTerm("carl@example.com", TeamRole.Specialist, null, D(1, 10), D(3, 1)),
            new TeamTerm("carl@example.com", TeamRole.Other, "Sustainability lead", D(3, 1), D(6, 1)),
        ]);
        (await Given.RolesOn(id, D(4, 1))).Team.Single().RoleName.ShouldBe("Sustainability lead");
        (await Given.RolesOn(id, D(7, 1))).Team.ShouldBeEmpty();
        (await Given.Status(id)).TeamSize.ShouldBe(0);
    }

    [Fact]
    public async Task team_rules_refuse_doubles_unknown_members_overlaps_and_unnamed_other_roles()
    {
        var id = await Given.KeyAccount();
        await Given.TeamMember(id, "carl@example.com", TeamRole.Specialist, D(1, 10));
        await Given.Change(id, "team/members/carl@example.com/removal", new RemoveTeamMember { EffectiveOn = D(6, 1) });
        await Given.TeamMember(id, "dora@example.com", TeamRole.ServiceManager, D(2, 1));
        var before = await Given.EventCount();

        async Task<Problem> Refused(string route, object body, int status) => await (await Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl($"/api/accounts/{id}/{route}");
            x.StatusCodeShouldBe(status);
        })).Problem();

        (await Refused("team/members", new AddTeamMember { PersonId = "DORA@example.com", Role = TeamRole.Specialist }, 409)).Rule.ShouldBe("already-on-team");
        (await Refused("team/members/nobody@example.com/removal", new RemoveTeamMember(), 404)).Rule.ShouldBe("not-found");
        (await Refused("team/members", new AddTeamMember { PersonId = "carl@example.com", Role = TeamRole.Specialist, EffectiveOn = D(5, 1) }, 422))
            .Rule.ShouldBe("overlapping-range");
        (await Refused("team/members", new AddTeamMember { PersonId = "eve@example.com", Role = TeamRole.Other }, 400)).Errors.Keys.ShouldBe(["roleName"]);
        (await Refused("team/members/dora@example.com/removal", new RemoveTeamMember { EffectiveOn = D(1, 1) }, 422)).Rule.ShouldBe("reversed-range");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_stakeholder_is_added_changed_and_leaves_and_their_history_reads_back()
    {
        var id = await Given.KeyAccount();
        var maria = await Given.Stakeholder(id, "Maria Korhonen", D(1, 20));
        await Given.Change(id, $"stakeholders/{maria}/changes", new ChangeStakeholder { Title = "CPO", Level = OrganisationLevel.Executive, Reason = "Promoted", EffectiveOn = D(5, 1) });
        await Given.Change(id, $"stakeholders/{maria}/departure", new RecordStakeholderDeparture { Reason = "Joined another company", EffectiveOn = D(6, 15) });

        var history = (await Host.GetAsJson<StakeholderHistory>($"/api/accounts/{id}/stakeholders/{maria}"))!;
        history.Profiles.Count.ShouldBe(2);
        history.Profiles[0].Profile.Title.ShouldBe("Head of Procurement");
        history.Profiles[1].ShouldSatisfyAllConditions(
            p => p.Profile.Title.ShouldBe("CPO"),
            p => p.Profile.Level.ShouldBe(OrganisationLevel.Executive),
            p => p.ChangeReason.ShouldBe("Promoted"),
            p => p.To.ShouldBe(D(6, 15)),
            p => p.Left.ShouldBeTrue());
        (await Given.Status(id)).StakeholderCount.ShouldBe(0);

        (await (await Host.Scenario(x =>
        {
            x.Post.Json(new ChangeStakeholder { Title = "CEO", Reason = "Rumour" }).ToUrl($"/api/accounts/{id}/stakeholders/{maria}/changes");
            x.StatusCodeShouldBe(409);
        })).Problem()).Rule.ShouldBe("stakeholder-left");
    }

    [Fact]
    public async Task a_link_to_a_stakeholder_of_another_account_is_refused()
    {
        var ours = await Given.KeyAccount("Ours Oy");
        var theirs = await Given.KeyAccount("Theirs Oy");
        var stranger = await Given.Stakeholder(theirs, "Stranger", D(1, 1));

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new EstablishRelationshipLink { PersonId = "anna@example.com", StakeholderId = stranger, Strength = LinkStrength.Weak })
                .ToUrl($"/api/accounts/{ours}/links");
            x.StatusCodeShouldBe(422);
        });

        (await result.Problem()).Rule.ShouldBe("unknown-stakeholder");
        (await Host.Scenario(x =>
        {
            x.Get.Url($"/api/accounts/{ours}/stakeholders/{stranger}");
            x.StatusCodeShouldBe(404);
        })).Context.Response.StatusCode.ShouldBe(404);
    }

    [Fact]
    public async Task links_change_strength_end_and_end_with_the_stakeholders_departure()
    {
        var id = await Given.KeyAccount();
        var maria = await Given.Stakeholder(id, "Maria", D(1, 1));
        var olli = await Given.Stakeholder(id, "Olli", D(1, 1));
        await Given.Link(id, "anna@example.com", maria, LinkStrength.Weak, D(2, 1));
        await Given.Link(id, "ben@example.com", maria, LinkStrength.Medium, D(2, 1));
        await Given.Link(id, "anna@example.com", olli, LinkStrength.Medium, D(2, 1));
        await Given.Change(id, $"links/anna@example.com/{maria}/strength-changes", new ChangeLinkStrength { Strength = LinkStrength.Strong, EffectiveOn = D(3, 1) });
        await Given.Change(id, $"links/anna@example.com/{olli}/end", new EndRelationshipLink { Reason = "Olli changed role", EffectiveOn = D(4, 1) });
        await Given.Change(id, $"stakeholders/{maria}/departure", new RecordStakeholderDeparture { EffectiveOn = D(5, 1) });

        var history = (await Host.GetAsJson<AccountRoles>($"/api/accounts/{id}/role-history"))!;
        history.Links.ShouldBe(
        [
            new LinkTerm("anna@example.com", maria, LinkStrength.Weak, D(2, 1), D(3, 1)),
            new LinkTerm("ben@example.com", maria, LinkStrength.Medium, D(2, 1), D(5, 1)),
            new LinkTerm("anna@example.com", olli, LinkStrength.Medium, D(2, 1), D(4, 1)),
            new LinkTerm("anna@example.com", maria, LinkStrength.Strong, D(3, 1), D(5, 1)),
        ]);
        (await Given.RolesOn(id, D(6, 1))).Links.ShouldBeEmpty();
        (await (await Host.Scenario(x =>
        {
            x.Post.Json(new ChangeLinkStrength { Strength = LinkStrength.Weak }).ToUrl($"/api/accounts/{id}/links/anna@example.com/{olli}/strength-changes");
            x.StatusCodeShouldBe(404);
        })).Problem()).Rule.ShouldBe("not-found");
    }

    [Fact]
    public async Task competitors_are_noted_with_where_and_since_and_their_departure_is_dated()
    {
        var id = await Given.KeyAccount();
        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new NoteCompetitor { Name = "Acme Forest Systems", Where = "Kemi mill", EffectiveOn = D(2, 1) }).ToUrl($"/api/accounts/{id}/competitors");
            x.StatusCodeShouldBe(200);
        });
        var acme = (await result.ReadAsJsonAsync<CompetitorRecorded>()).CompetitorId;
        await Host.Scenario(x =>
        {
            x.Post.Json(new NoteCompetitor { Name = "ACME Forest Systems", Where = "Oulu" }).ToUrl($"/api/accounts/{id}/competitors");
            x.StatusCodeShouldBe(409);
        });
        await Given.Change(id, $"competitors/{acme}/departure", new RecordCompetitorGone { Reason = "Contract not renewed", EffectiveOn = D(8, 1) });

        (await Given.RolesOn(id, D(3, 1))).Competitors.ShouldBe([new CompetitorTerm(acme, "Acme Forest Systems", "Kemi mill", D(2, 1), D(8, 1))]);
        (await Given.RolesOn(id, D(9, 1))).Competitors.ShouldBeEmpty();
    }
}
