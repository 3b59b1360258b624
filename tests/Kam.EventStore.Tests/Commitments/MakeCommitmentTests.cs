using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.Portfolio;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Commitments;

public sealed class MakeCommitmentTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_promise_within_authority_is_in_force_owned_by_the_kam_and_a_due_check_is_scheduled()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();

        var made = await Given.Promise(cast, Discount(cast, 8m, D(10, 1), new DateOnly(2027, 6, 30)) with { MadeBy = Ben });

        made.Status.ShouldBe(CommitmentStatus.InForce);
        var row = (await Given.Register(cast.AccountId)).Items.Single();
        row.Owner.ShouldBe(Anna);
        row.MadeBy.ShouldBe(Ben);
        row.OwnershipAcknowledged.ShouldBeFalse();
        (await Given.ScheduledDueChecks()).ShouldBe(1);
        (await Given.Register(cast.AccountId, "?unacknowledged=true")).Items.Count.ShouldBe(1);
        await Given.OnCommitment(made.CommitmentId, "ownership-kept", new KeepCommitmentOwnership { Reason = "Anna keeps the pricing thread" });
        (await Given.Register(cast.AccountId, "?unacknowledged=true")).Items.ShouldBeEmpty();

        await Given.OnCommitment(made.CommitmentId, "amendments", new AmendCommitment { DueOn = new DateOnly(2027, 7, 31), Reason = "Later" });
        (await Given.ScheduledDueChecks()).ShouldBe(2);
    }

    [Fact]
    public async Task a_value_in_a_currency_the_maker_has_no_limit_for_needs_approval()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();

        var made = await Given.Promise(cast, new MakeCommitment
        {
            MadeBy = Anna, MadeTo = [cast.Cfo], Kind = CommitmentKind.DeliveryDate, Description = "Spare parts kit delivered",
            Value = new Money(1_000m, "SEK"), MadeOn = D(10, 1), DueOn = D(10, 31),
        });

        made.Status.ShouldBe(CommitmentStatus.PendingApproval);
    }

    [Fact]
    public async Task bad_promises_are_refused_and_append_nothing()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var otherAccount = await Given.KeyAccount("Other Oy");
        var stranger = await Given.Stakeholder(otherAccount, "Stranger", D(9, 1));
        var before = await Given.EventCount();

        async Task<Problem> Refused(MakeCommitment command, int status) => await (await Host.Scenario(x =>
        {
            x.Post.Json(command).ToUrl($"/api/accounts/{cast.AccountId}/commitments");
            x.StatusCodeShouldBe(status);
        })).Problem();

        var valid = Discount(cast, 5m, D(10, 1), D(11, 1));
        (await Refused(valid with { Value = new Money(-1m, "EUR") }, 400)).Errors.Keys.ShouldBe(["value.amount"]);
        (await Refused(valid with { Value = new Money(1m, "XYZ") }, 400)).Errors.Keys.ShouldBe(["value.currency"]);
        (await Refused(valid with { DueOn = D(9, 30) }, 400)).Errors.Keys.ShouldBe(["dueOn"]);
        (await Refused(valid with { Kind = CommitmentKind.DeliveryDate, DueOn = null }, 400)).Errors.Keys.ShouldBe(["dueOn"]);
        (await Refused(valid with { DiscountPercent = 120m }, 400)).Errors.Keys.ShouldBe(["discountPercent"]);
        (await Refused(valid with { MadeTo = [stranger] }, 422)).Rule.ShouldBe("unknown-stakeholder");
        (await Refused(valid with { MadeBy = "nobody@example.com" }, 422)).Rule.ShouldBe("unknown-person");
        (await Refused(valid with { InteractionId = Guid.NewGuid() }, 422)).Rule.ShouldBe("unknown-interaction");
        (await Given.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task approvals_need_an_approver_whose_own_authority_covers_it_and_never_the_maker()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var big = await Given.Promise(cast, Discount(cast, 40m, D(10, 1), D(12, 1)));

        async Task<Problem> Refused(string caller, int status) => await (await Host.Scenario(x =>
        {
            x.Post.Json(new ApproveCommitment()).ToUrl($"/api/commitments/{big.CommitmentId}/approval");
            x.As(caller, Roles.Approver);
            x.StatusCodeShouldBe(status);
        })).Problem();

        (await Refused(Anna, 422)).Rule.ShouldBe("self-approval");
        (await Refused(Director, 422)).Rule.ShouldBe("approver-lacks-authority");
        (await Refused("stranger@example.com", 422)).Rule.ShouldBe("unknown-person");

        await Given.OnCommitment(big.CommitmentId, "rejection", new RejectCommitment { Reason = "Above policy" }, caller: Director);
        (await (await Host.Scenario(x =>
        {
            x.Post.Json(new FulfilCommitment { FulfilledOn = D(10, 5), Evidence = "x" }).ToUrl($"/api/commitments/{big.CommitmentId}/fulfilment");
            x.StatusCodeShouldBe(409);
        })).Problem()).Rule.ShouldBe("commitment-closed");
    }

    [Fact]
    public async Task a_withdrawn_commitment_cannot_be_fulfilled_and_cross_account_views_find_overdue_and_pending_ones()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var withdrawn = await Given.Promise(cast, Discount(cast, 5m, D(10, 1), D(10, 20)));
        var pending = await Given.Promise(cast, Discount(cast, 20m, D(10, 2), D(11, 30)));
        var dueSoon = await Given.Promise(cast, Discount(cast, 5m, D(10, 3), D(11, 10)));
        await Given.OnCommitment(withdrawn.CommitmentId, "withdrawal", new WithdrawCommitment { WithdrawnOn = D(10, 10), Reason = "Superseded", AgreedWithCustomer = true });

        (await (await Host.Scenario(x =>
        {
            x.Post.Json(new FulfilCommitment { FulfilledOn = D(10, 15), Evidence = "x" }).ToUrl($"/api/commitments/{withdrawn.CommitmentId}/fulfilment");
            x.StatusCodeShouldBe(409);
        })).Problem()).Rule.ShouldBe("commitment-closed");

        (await Host.GetAsJson<Page<Commitment>>("/api/commitments?status=PendingApproval"))!.Items.Select(c => c.Id).ShouldBe([pending.CommitmentId]);
        (await Host.GetAsJson<Page<Commitment>>("/api/commitments?dueWithinDays=10"))!.Items.Select(c => c.Id).ShouldBe([dueSoon.CommitmentId]);

        App.Clock.Now = new DateTimeOffset(2026, 11, 11, 1, 0, 0, TimeSpan.Zero);
        await Given.CheckDue(dueSoon.CommitmentId, D(11, 10));
        await Given.CheckDue(withdrawn.CommitmentId, D(10, 20));
        (await Host.GetAsJson<Page<Commitment>>("/api/commitments?overdue=true"))!.Items.Select(c => c.Id).ShouldBe([dueSoon.CommitmentId]);
        (await Given.Status(cast.AccountId)).Commitments.ShouldBe(new Kam.EventStore.Portfolio.CommitmentSummary(2, 1, 1, 0, 0, null));
        (await Host.GetAsJson<Page<Commitment>>($"/api/commitments?owner={Anna}&open=true&limit=1"))!.Next.ShouldNotBeNull();
    }
}
