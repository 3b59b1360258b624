using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Kam.EventStore.Timeline;

namespace Kam.EventStore.Tests.Timeline;

/// <summary>The pure rules that turn an event into timeline rows: fast, no host.</summary>
public sealed class TimelineRowsTests
{
    private static readonly Guid Account = Guid.NewGuid();
    private static readonly DateTimeOffset Noon = new(2026, 4, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_fact_effective_on_an_earlier_date_sits_at_the_start_of_that_date_and_one_effective_the_day_it_occurred_at_its_time()
    {
        var backdated = new AccountManagerAssigned(Account, "anna@example.com", new DateOnly(2026, 4, 1), null, Noon, "bob");
        var sameDay = backdated with { EffectiveOn = new DateOnly(2026, 4, 20) };
        var plain = new AccountStatusChanged(Account, AccountHealth.Active, AccountHealth.AtRisk, "Quiet", Noon, "bob");

        TimelineRows.BusinessTime(backdated).ShouldBe(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        TimelineRows.BusinessTime(sameDay).ShouldBe(Noon);
        TimelineRows.BusinessTime(plain).ShouldBe(Noon);
    }

    [Fact]
    public void ids_are_read_by_convention_from_the_events_own_properties()
    {
        var stakeholder = Guid.NewGuid();
        var competitor = Guid.NewGuid();

        Concerning.Of(new AccountManagerHandedOver(Account, "anna@example.com", "ben@example.com", new DateOnly(2026, 4, 1), "Note", Noon, "bob"))
            .PersonIds.ShouldBe(["anna@example.com", "ben@example.com"], ignoreOrder: true);
        var link = Concerning.Of(new RelationshipLinkEnded(Account, "anna@example.com", stakeholder, new DateOnly(2026, 4, 1), null, Noon, "bob"));
        link.PersonIds.ShouldBe(["anna@example.com"]);
        link.StakeholderIds.ShouldBe([stakeholder]);
        link.RelatedIds.ShouldBeEmpty();
        Concerning.Of(new CompetitorNoted(Account, competitor, "Rival AB", "Mill 2", new DateOnly(2026, 4, 1), Noon, "bob")).RelatedIds.ShouldBe([competitor]);
    }

    [Theory]
    [InlineData("CommitmentMade", "Commitment made")]
    [InlineData("KeyAccountRenamed", "Key account renamed")]
    [InlineData("NDASigned", "NDASigned")]
    public void an_event_without_a_worded_title_reads_as_its_name(string name, string title) =>
        TimelineTitles.Humanize(name).ShouldBe(title);

    [Fact]
    public void titles_are_one_short_line()
    {
        var title = TimelineTitles.For(new AccountStatusChanged(Account, AccountHealth.Active, AccountHealth.AtRisk, new string('x', 500) + "\n\nmore", Noon, "bob"));

        title.Length.ShouldBe(TimelineTitles.MaxLength);
        title.ShouldNotContain('\n');
    }
}
