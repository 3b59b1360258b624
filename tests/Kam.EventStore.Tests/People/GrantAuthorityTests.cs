using Kam.EventStore.Commitments;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

public sealed class GrantAuthorityTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_grant_is_recorded_with_its_limits_approver_and_provenance()
    {
        var approver = await Given.Person("e1", "Pekka Korhonen", Seniority.Director);
        var id = await Given.Person("e2");

        var version = await Given.Authority(id, new GrantAuthority
        {
            EffectiveFrom = new DateOnly(2026, 9, 1),
            MaxCommitmentValues = [new Money(50_000m, "EUR"), new Money(500_000m, "SEK")],
            MaxDiscountPercent = 12.5m,
            CommitmentKinds = [CommitmentKind.DeliveryDate, CommitmentKind.PriceOrDiscount],
            ApproverPersonId = "E1",
            Reason = "KAM for Nordic Paper",
            Version = 1,
        });

        version.ShouldBe(2);
        var grant = (await Given.PersonView(id)).Authority.ShouldHaveSingleItem();
        grant.EffectiveFrom.ShouldBe(new DateOnly(2026, 9, 1));
        grant.MaxCommitmentValues.ShouldBe([new Money(50_000m, "EUR"), new Money(500_000m, "SEK")]);
        grant.MaxDiscountPercent.ShouldBe(12.5m);
        grant.CommitmentKinds.ShouldBe([CommitmentKind.DeliveryDate, CommitmentKind.PriceOrDiscount]);
        grant.ApproverPersonId.ShouldBe(approver);
        grant.Reason.ShouldBe("KAM for Nordic Paper");
        // No occurredAt given: the grant is dated the start of the day it took effect.
        grant.GrantedAt.ShouldBe(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        grant.GrantedBy.ShouldBe(AppFixture.DefaultUser);
    }

    [Fact]
    public async Task a_grant_may_take_effect_in_the_future()
    {
        var id = await Given.Person("e2");
        var nextMonth = PeopleScenarios.Today.AddMonths(1);

        await Given.Authority(id, PeopleScenarios.Grant(nextMonth));

        (await Given.PersonView(id)).Authority.ShouldHaveSingleItem().EffectiveFrom.ShouldBe(nextMonth);
    }

    [Fact]
    public async Task the_write_model_keeps_its_version_in_step_through_grants()
    {
        var id = await Given.Person("e2");
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 1, 1)));
        await Given.Authority(id, PeopleScenarios.Grant(new DateOnly(2026, 6, 1)));

        var version = await Given.PersonChange(id, "profile-changes", new ChangePersonProfile
        {
            Title = "Senior KAM", EffectiveOn = new DateOnly(2026, 6, 1), Reason = "Promoted", Version = 3,
        });

        version.ShouldBe(4);
        (await Given.PersonView(id)).Version.ShouldBe(4);
    }
}
