using System.Text.Json;
using Alba;
using Kam.EventStore.Commitments;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Tests.Interactions;
using Wolverine.Tracking;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Commitments;

public sealed class CommitmentAuditStoryTests(AppFixture app) : ApiTest(app)
{
    /// <summary>
    /// An instant between two steps of the story: everything recorded so far is at or before it, the next step is
    /// recorded after it (the store stamps events with the service's clock, which the test holds).
    /// </summary>
    private DateTimeOffset Tick()
    {
        var between = App.Clock.Now.AddSeconds(30);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        return between;
    }

    [Fact]
    public async Task a_discount_beyond_authority_approved_amended_handed_over_overdue_and_fulfilled_late_reads_back_exactly_as_of_each_step()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();

        // Anna promises 15% in a meeting on 1 October, above her 10%: pending, routed to her director.
        var meeting = await Given.Meeting(cast.AccountId, new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero), [Anna], [cast.Cfo]);
        var made = await Given.Promise(cast, Discount(cast, 15m, D(10, 1), D(11, 15)) with { InteractionId = meeting });
        made.Status.ShouldBe(CommitmentStatus.PendingApproval);
        made.PendingApprover.ShouldBe(Director);
        var t1 = Tick();

        await Given.OnCommitment(made.CommitmentId, "approval", new ApproveCommitment { Note = "Strategic renewal" }, caller: Director);
        var t2 = Tick();

        await Given.OnCommitment(made.CommitmentId, "amendments", new AmendCommitment { DueOn = D(11, 20), Reason = "Customer's budget year" });
        var t3 = Tick();

        await Given.Handover(cast.AccountId, Ben, D(10, 20), "The 15% discount is due 20 November");
        var open = await Given.Register(cast.AccountId, $"?owner={Anna}&open=true");
        open.Items.Select(c => c.Id).ShouldBe([made.CommitmentId]);
        await Given.OnCommitment(made.CommitmentId, "owner-reassignments", new ReassignCommitmentOwner { Owner = Ben, Reason = "Handover" });
        (await Given.Register(cast.AccountId, "?unacknowledged=true")).Items.Count.ShouldBe(1);
        await Given.OnCommitment(made.CommitmentId, "ownership-acknowledgement", new AcknowledgeCommitmentOwnership(), caller: Ben);
        (await Given.Register(cast.AccountId, "?unacknowledged=true")).Items.ShouldBeEmpty();
        var t4 = Tick();

        // The due date passes: the scheduled check appends the overdue fact once; a stale check for the old date does nothing.
        App.Clock.Now = new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        await Given.CheckDue(made.CommitmentId, D(11, 20));
        await Given.CheckDue(made.CommitmentId, D(11, 20));
        await Given.CheckDue(made.CommitmentId, D(11, 15));
        var t5 = Tick();

        App.Clock.Now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        await Given.OnCommitment(made.CommitmentId, "fulfilment", new FulfilCommitment { FulfilledOn = D(11, 24), Evidence = "Price list signed" }, caller: Ben);

        var lineage = (await Host.GetAsJson<JsonElement>($"/api/commitments/{made.CommitmentId}"))!;
        lineage.GetProperty("lineage").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(
        [
            nameof(CommitmentMade), nameof(CommitmentApproved), nameof(CommitmentAmended), nameof(CommitmentOwnerReassigned),
            nameof(CommitmentOwnershipAcknowledged), nameof(CommitmentBecameOverdue), nameof(CommitmentFulfilled),
        ]);
        var check = lineage.GetProperty("lineage")[0].GetProperty("data").GetProperty("check");
        check.GetProperty("maxDiscountPercent").GetDecimal().ShouldBe(10m);
        check.GetProperty("within").GetBoolean().ShouldBeFalse();
        lineage.GetProperty("lineage")[0].GetProperty("data").GetProperty("interactionId").GetGuid().ShouldBe(meeting);

        // The overdue fact is the service's own, in the event and in the store's recorded-by alike, dated the day after the due date.
        var overdue = lineage.GetProperty("lineage").EnumerateArray().Single(e => e.GetProperty("type").GetString() == nameof(CommitmentBecameOverdue));
        overdue.GetProperty("recordedBy").GetString().ShouldBe(DueChecks.Checker);
        overdue.GetProperty("data").GetProperty("by").GetString().ShouldBe(DueChecks.Checker);
        overdue.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

        async Task<Commitment> AsOf(DateTimeOffset at) =>
            (await Given.Register(cast.AccountId, $"?asOf={Uri.EscapeDataString(at.ToString("O"))}")).Items.Single();

        (await AsOf(t1)).ShouldSatisfyAllConditions(c => c.Status.ShouldBe(CommitmentStatus.PendingApproval), c => c.Owner.ShouldBe(Anna));
        (await AsOf(t2)).ShouldSatisfyAllConditions(c => c.Status.ShouldBe(CommitmentStatus.InForce), c => c.DueOn.ShouldBe(D(11, 15)));
        (await AsOf(t3)).DueOn.ShouldBe(D(11, 20));
        (await AsOf(t4)).ShouldSatisfyAllConditions(c => c.Owner.ShouldBe(Ben), c => c.OwnershipAcknowledged.ShouldBeTrue(), c => c.Overdue.ShouldBeFalse());
        (await AsOf(t5)).ShouldSatisfyAllConditions(c => c.Overdue.ShouldBeTrue(), c => c.Status.ShouldBe(CommitmentStatus.InForce));
        (await Given.Register(cast.AccountId, $"?asOf={Uri.EscapeDataString(t1.AddMinutes(-10).ToString("O"))}")).Items.ShouldBeEmpty();

        var summary = (await Given.Status(cast.AccountId)).Commitments.ShouldNotBeNull();
        summary.ShouldBe(new Kam.EventStore.Portfolio.CommitmentSummary(0, 0, 0, 1, 0, 0m));

        var now = (await Given.Register(cast.AccountId)).Items.Single();
        now.Status.ShouldBe(CommitmentStatus.Fulfilled);
        now.KeptOnTime.ShouldBe(false);

        // By business date: on 10 November the approved promise was in force, due 20 November (amended), not overdue.
        var onDate = (await Given.Register(cast.AccountId, "?on=2026-11-10")).Items.Single();
        onDate.Status.ShouldBe(CommitmentStatus.InForce);
        onDate.Overdue.ShouldBeFalse();
        (await Given.Register(cast.AccountId, "?asOfDate=2026-09-30")).Items.ShouldBeEmpty("asOfDate is still accepted as the former name of on");
        (await Given.Register(cast.AccountId, "?on=2026-11-22&overdue=true")).Items.Single().Id.ShouldBe(made.CommitmentId);
    }
}
