using Kam.EventStore.Commitments;
using Kam.EventStore.People;

namespace Kam.EventStore.Tests.People;

/// <summary>Pure logic of the People directory, called directly: no host, no database.</summary>
public sealed class PeopleDecisionTests
{
    private static AuthorityGrant Grant(DateOnly from, string reason) =>
        new(from, [new Money(1000m, "EUR")], 5m, [CommitmentKind.DeliveryDate], null, reason, DateTimeOffset.UnixEpoch, "hr");

    private static Person PersonWith(DateOnly? leftOn, params AuthorityGrant[] grants)
    {
        var person = new Person { LeftOn = leftOn, HasLeft = leftOn is not null };
        foreach (var grant in grants)
        {
            person.Authority = AuthorityHistory.Insert(person.Authority, grant);
        }

        return person;
    }

    [Fact]
    public void authority_on_a_date_is_the_latest_grant_effective_by_then()
    {
        var person = PersonWith(null, Grant(new DateOnly(2026, 7, 1), "second"), Grant(new DateOnly(2026, 1, 1), "first"));

        person.AuthorityOn(new DateOnly(2025, 12, 31)).ShouldBeNull();
        person.AuthorityOn(new DateOnly(2026, 1, 1))!.Reason.ShouldBe("first");
        person.AuthorityOn(new DateOnly(2026, 6, 30))!.Reason.ShouldBe("first");
        person.AuthorityOn(new DateOnly(2026, 7, 1))!.Reason.ShouldBe("second");
        person.AuthorityOn(new DateOnly(2099, 1, 1))!.Reason.ShouldBe("second");
    }

    [Fact]
    public void a_later_grant_for_the_same_date_supersedes_the_earlier_one()
    {
        var person = PersonWith(null, Grant(new DateOnly(2026, 1, 1), "original"), Grant(new DateOnly(2026, 1, 1), "corrected"));

        person.Authority.ShouldHaveSingleItem().Reason.ShouldBe("corrected");
        person.AuthorityOn(new DateOnly(2026, 3, 1))!.Reason.ShouldBe("corrected");
    }

    [Fact]
    public void no_authority_after_the_last_day_with_us()
    {
        var person = PersonWith(new DateOnly(2026, 10, 31), Grant(new DateOnly(2026, 1, 1), "role"));

        person.AuthorityOn(new DateOnly(2026, 10, 31)).ShouldNotBeNull();
        person.AuthorityOn(new DateOnly(2026, 11, 1)).ShouldBeNull();
    }

    [Theory]
    [InlineData("Maija.Virtanen@Example.com", "maija.virtanen@example.com")]
    [InlineData("  E1001 ", "e1001")]
    public void person_ids_compare_without_case_or_surrounding_space(string given, string normalized)
    {
        PersonIds.Normalize(given).ShouldBe(normalized);
        PersonIds.StreamId(given).ShouldBe(PersonIds.StreamId(normalized));
    }

    [Fact]
    public void stream_ids_are_version_5_uuids_that_match_the_rfc_algorithm()
    {
        // Reference values from Python's uuid.uuid5.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        var url = new Guid("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
        PersonIds.NameBased(dns, "python.org").ShouldBe(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
        PersonIds.NameBased(url, "mailto:alice@example.com").ShouldBe(new Guid("6613a3fd-c2c4-5bc2-a6de-3dc0b2527dd6"));

        var id = PersonIds.StreamId("e1001");
        id.Version.ShouldBe(5);
        id.ShouldBe(PersonIds.NameBased(PersonIds.Namespace, "e1001"));
        id.ShouldNotBe(PersonIds.StreamId("e1002"));
    }

    [Theory]
    [InlineData("e1001", true)]
    [InlineData("maija.virtanen+kam@example.com", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("100%", false)]
    [InlineData(".leading", false)]
    public void person_ids_are_employee_ids_or_e_mail_addresses(string personId, bool wellFormed) =>
        PersonIds.IsWellFormed(personId).ShouldBe(wellFormed);

    [Fact]
    public void a_profile_change_carries_only_what_differs_on_its_own_date()
    {
        var june = new DateOnly(2026, 6, 1);
        var colleague = new Colleague(PersonIds.StreamId("e2"), "e2", new PersonProfile("Maija", "KAM", "Sales", Seniority.Senior, "e1"), [], null)
            .Apply(new PersonProfileChanged("e2", null, "Senior KAM", null, null, null, june, "Promoted", DateTimeOffset.UnixEpoch, "hr"));

        var earlier = ChangePersonProfileEndpoint.Change(
            new ChangePersonProfile { Title = "Senior KAM", EffectiveOn = new DateOnly(2026, 3, 1), Reason = "Earlier than we knew" },
            colleague, DateTimeOffset.UnixEpoch, "hr");
        var same = ChangePersonProfileEndpoint.Change(
            new ChangePersonProfile { Title = "Senior KAM", ManagerPersonId = "E1", EffectiveOn = june.AddDays(1), Reason = "Check" },
            colleague, DateTimeOffset.UnixEpoch, "hr");

        earlier.ShouldNotBeNull().Title.ShouldBe("Senior KAM");
        same.ShouldBeNull();
    }
}
