using System.Security.Claims;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Tests.Commitments;

/// <summary>
/// The commitment area's decisions, called directly as the endpoints' pure methods: command, state, now and caller in; a
/// problem or events out. No host, no database: the HTTP tests cover the wiring, these cover every rule.
/// </summary>
public sealed class CommitmentDecisionTests
{
    private const string Anna = "anna@example.com";
    private const string Dana = "dana@example.com";
    private const string Ben = "ben@example.com";

    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Account = Guid.NewGuid();

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static DateTimeOffset At(int month, int day) => new(2026, month, day, 10, 0, 0, TimeSpan.Zero);

    private static ClaimsPrincipal Caller(string name) =>
        new(new ClaimsIdentity([new Claim("sub", name)], "test", "sub", "role"));

    /// <summary>An 8% promise Anna made on 10 February, due 31 March, pending approval by Dana.</summary>
    private static Commitment Pending() => Commitment.Create(new CommitmentMade(
        Account, Guid.NewGuid(), Anna, [Guid.NewGuid()], null, CommitmentKind.PriceOrDiscount, "8% discount", null, 8m, D(2, 10), D(3, 31), Anna,
        new AuthorityCheck(Anna, D(2, 10), D(1, 1), null, 5m, true, false, Dana, ["A 8% discount is above the 5% anna may grant alone."]),
        At(2, 10), Anna))!;

    private static Commitment InForce() => Pending().Apply(new CommitmentApproved(Account, Pending().Id, Dana,
        new AuthorityCheck(Dana, D(2, 12), D(2, 12), null, 20m, true, true, null, []), null, At(2, 12), Dana));

    /// <summary>Dana: 5% from 1 January, 20% from 12 February.</summary>
    private static Person Approver(string id = Dana) => new()
    {
        PersonId = id,
        Authority =
        [
            new AuthorityGrant(D(1, 1), [], 5m, [CommitmentKind.PriceOrDiscount], null, "KAM", At(1, 1), "admin"),
            new AuthorityGrant(D(2, 12), [], 20m, [CommitmentKind.PriceOrDiscount], null, "Director", At(2, 12), "admin"),
        ],
    };

    private static string? Rule(ProblemDetails problem) => Problems.Found(problem) ? (string?)problem.Extensions["rule"] : null;

    [Fact]
    public void an_approval_checks_the_approvers_authority_on_the_approvals_own_date()
    {
        var commitment = Pending();

        Rule(ApproveCommitmentEndpoint.Validate(new ApproveCommitment { OccurredAt = At(2, 11) }, commitment, Approver(), Caller(Dana), Now))
            .ShouldBe("approver-lacks-authority");
        Rule(ApproveCommitmentEndpoint.Validate(new ApproveCommitment { OccurredAt = At(2, 12) }, commitment, Approver(), Caller(Dana), Now))
            .ShouldBeNull();

        var approved = (CommitmentApproved)ApproveCommitmentEndpoint.Post(new ApproveCommitment { OccurredAt = At(2, 12) }, commitment, Approver(), Now, Caller(Dana)).Single();
        approved.ApproverCheck.ShouldSatisfyAllConditions(c => c.On.ShouldBe(D(2, 12)), c => c.MaxDiscountPercent.ShouldBe(20m), c => c.Within.ShouldBeTrue());
        approved.OccurredAt.ShouldBe(At(2, 12));
        approved.By.ShouldBe(Dana);
    }

    [Fact]
    public void nobody_approves_their_own_commitment_nor_without_being_in_the_directory()
    {
        Rule(ApproveCommitmentEndpoint.Validate(new ApproveCommitment(), Pending(), Approver(Anna), Caller(Anna), Now)).ShouldBe("self-approval");
        Rule(ApproveCommitmentEndpoint.Validate(new ApproveCommitment(), Pending(), null, Caller("stranger"), Now)).ShouldBe("unknown-person");
        Rule(ApproveCommitmentEndpoint.Validate(new ApproveCommitment(), InForce(), Approver(), Caller(Dana), Now)).ShouldBe("not-pending-approval");
    }

    [Fact]
    public void a_fact_dated_before_the_commitments_latest_is_out_of_order_and_one_in_the_future_is_refused()
    {
        Rule(ApproveCommitmentEndpoint.Validate(new ApproveCommitment { OccurredAt = At(2, 9) }, Pending(), Approver(), Caller(Dana), Now))
            .ShouldBe("out-of-order");
        Rule(RejectCommitmentEndpoint.Validate(new RejectCommitment { Reason = "No", OccurredAt = Now.AddHours(1) }, Pending(), Caller(Dana), Now))
            .ShouldBe("validation-failed");
        Rule(FulfilCommitmentEndpoint.Validate(new FulfilCommitment { Evidence = "Sent", FulfilledOn = D(2, 11) }, InForce(), Now))
            .ShouldBe("out-of-order", "approved on the 12th, it cannot have been kept on the 11th");
        Rule(FulfilCommitmentEndpoint.Validate(new FulfilCommitment { Evidence = "Sent", FulfilledOn = D(2, 20), OccurredAt = At(2, 21) }, InForce(), Now))
            .ShouldBe("validation-failed", "the instant must fall on the date");
    }

    [Fact]
    public void only_a_commitment_in_force_is_fulfilled_and_a_rejection_is_for_an_approver()
    {
        Rule(FulfilCommitmentEndpoint.Validate(new FulfilCommitment { Evidence = "Sent" }, Pending(), Now)).ShouldBe("not-in-force");
        Rule(RejectCommitmentEndpoint.Validate(new RejectCommitment { Reason = "Mine" }, Pending(), Caller(Anna), Now)).ShouldBe("self-approval");
        Rule(RejectCommitmentEndpoint.Validate(new RejectCommitment { Reason = "No" }, InForce(), Caller(Dana), Now)).ShouldBe("not-pending-approval");
    }

    [Fact]
    public void a_closed_commitment_answers_409_and_takes_no_fact()
    {
        var kept = InForce().Apply(new CommitmentFulfilled(Account, Guid.Empty, D(3, 1), "Sent", At(3, 1), Anna));
        var closed = kept.Closed().ShouldNotBeNull();
        closed.Status.ShouldBe(409);
        closed.Extensions["rule"].ShouldBe("commitment-closed");
        InForce().Closed().ShouldBeNull();
    }

    [Fact]
    public void an_amendment_that_changes_nothing_is_refused_and_a_new_value_is_checked_on_its_date()
    {
        var commitment = InForce();
        Rule(AmendCommitmentEndpoint.Validate(new AmendCommitment { DueOn = D(3, 31), Reason = "Same" }, commitment, Now)).ShouldBe("nothing-changed");

        var (events, messages) = AmendCommitmentEndpoint.Post(
            new AmendCommitment { DiscountPercent = 12m, Reason = "More", OccurredAt = At(3, 5) }, commitment, Approver(Anna), Now, Caller(Anna));
        var amended = (CommitmentAmended)events.Single();
        amended.Check.ShouldNotBeNull().ShouldSatisfyAllConditions(c => c.On.ShouldBe(D(3, 5)), c => c.Within.ShouldBeTrue("20% in force on 5 March"));
        messages.ShouldBeEmpty("the due date did not change: no new check");
    }

    [Fact]
    public void ownership_is_reassigned_to_someone_else_and_acknowledged_once_by_the_owner()
    {
        var commitment = InForce();
        Rule(AcknowledgeCommitmentOwnershipEndpoint.Validate(new AcknowledgeCommitmentOwnership(), commitment, Caller(Anna), Now))
            .ShouldBe("already-acknowledged", "the maker who owns it needs no acknowledgement");

        var reassigned = commitment.Apply(new CommitmentOwnerReassigned(Account, commitment.Id, Anna, Ben, "Handover", At(6, 1), "admin"));
        Rule(AcknowledgeCommitmentOwnershipEndpoint.Validate(new AcknowledgeCommitmentOwnership(), reassigned, Caller(Anna), Now)).ShouldBe("not-the-owner");
        Rule(AcknowledgeCommitmentOwnershipEndpoint.Validate(new AcknowledgeCommitmentOwnership { OccurredAt = At(5, 31) }, reassigned, Caller(Ben), Now))
            .ShouldBe("out-of-order", "not before the reassignment");
        Rule(AcknowledgeCommitmentOwnershipEndpoint.Validate(new AcknowledgeCommitmentOwnership { OccurredAt = At(6, 3) }, reassigned, Caller(Ben), Now))
            .ShouldBeNull();
    }

    [Fact]
    public void overdue_follows_the_due_date_in_force()
    {
        var commitment = InForce();
        var stale = new CommitmentBecameOverdue(Account, commitment.Id, D(3, 31), BusinessTime.StartOf(D(4, 1)), DueChecks.Checker);
        var amended = new CommitmentAmended(Account, commitment.Id, "8% discount", null, 8m, D(6, 30), "Budget year", null, At(3, 5), Anna);

        // Folded in the order recorded: the check (recorded first, for 31 March), then the amendment dated 5 March.
        commitment.Apply(stale).Apply(amended).Overdue.ShouldBeFalse();
        // By business date, the stale check is disregarded: on 2 April the due date in force was 30 June.
        Commitment.FoldOn(Events(commitment, stale, amended), D(4, 2))!.Overdue.ShouldBeFalse();
        Commitment.FoldOn(Events(commitment, stale, amended), D(7, 1))!.Overdue.ShouldBeTrue();
        Commitment.FoldOn(Events(commitment, stale), D(4, 2))!.Overdue.ShouldBeTrue();
        Kam.EventStore.Commitments.StaleOverdueChecks.IsStale(stale, Events(commitment, stale, amended)).ShouldBeTrue();
        Kam.EventStore.Commitments.StaleOverdueChecks.IsStale(stale, Events(commitment, stale)).ShouldBeFalse();
    }

    [Fact]
    public void the_scheduled_check_records_overdue_once_dated_the_day_after_and_by_the_service()
    {
        var commitment = InForce();
        var check = new CheckCommitmentDue(commitment.Id, D(3, 31));

        CheckCommitmentDueHandler.Handle(check, commitment, new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero)).ShouldBeEmpty("not yet due");
        var overdue = (CommitmentBecameOverdue)CheckCommitmentDueHandler.Handle(check, commitment, Now).Single();
        overdue.OccurredAt.ShouldBe(BusinessTime.StartOf(D(4, 1)));
        overdue.By.ShouldBe(DueChecks.Checker);
        CheckCommitmentDueHandler.Handle(check, commitment.Apply(overdue), Now).ShouldBeEmpty("once");
        CheckCommitmentDueHandler.Handle(new CheckCommitmentDue(commitment.Id, D(3, 30)), commitment, Now).ShouldBeEmpty("a stale due date");
    }

    [Fact]
    public void the_answer_says_the_status_after_the_write_and_whether_the_business_time_was_defaulted()
    {
        var commitment = Pending();
        var approval = new CommitmentApproved(Account, commitment.Id, Dana, new AuthorityCheck(Dana, D(11, 2), D(2, 12), null, 20m, true, true, null, []), null, Now, Dana);

        commitment.Answer(2, [approval], Now).ShouldBe(new CommitmentWritten(commitment.Id, CommitmentStatus.InForce, 2, Now, true));
        commitment.Answer(2, [approval with { OccurredAt = At(2, 12) }], Now).BusinessTimeDefaulted.ShouldBeFalse();
    }

    private static IEnumerable<object> Events(Commitment made, params object[] later) =>
    [
        new CommitmentMade(Account, made.Id, Anna, made.MadeTo, null, made.Kind, made.Description, null, 8m, made.MadeOn, D(3, 31), Anna,
            new AuthorityCheck(Anna, made.MadeOn, D(1, 1), null, 5m, true, true, null, []), At(2, 10), Anna),
        .. later,
    ];
}
