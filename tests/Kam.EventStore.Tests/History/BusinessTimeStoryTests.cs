using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.Interactions;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.People;

namespace Kam.EventStore.Tests.History;

/// <summary>
/// A year of one key account, told twice: once recorded afterwards in one sitting (2 November) from the minutes, every step
/// backdated; once day by day as it happened, with the clock moved to each step and no business time given. On every business
/// date both tellings must read the same, and what was promised, to whom, within whose authority and what became of it must
/// read exactly as written below (the answers were written down from the story, before the code).
/// </summary>
public sealed class BusinessTimeStoryTests(AppFixture app) : ApiTest(app)
{
    private const string Anna = "anna@example.com";
    private const string Ben = "ben@example.com";
    private const string Dana = "dana@example.com";

    // Ids chosen by the client, new for each telling: a scheduled check of the first telling still running when the second
    // begins then finds nothing of the second's. The answers are compared with the ids named by role.
    private Guid Account { get; set; }

    private Guid Maria { get; set; }

    private Guid Meeting { get; set; }

    private Guid Discount { get; set; }

    private Guid Pilot { get; set; }

    private void NewIds()
    {
        // Time-ordered, as the service's own ids are: registers list commitments in the order their ids say they were made.
        var start = DateTimeOffset.UtcNow;
        (Account, Maria, Meeting, Discount, Pilot) = (Guid.CreateVersion7(start), Guid.CreateVersion7(start.AddMilliseconds(1)),
            Guid.CreateVersion7(start.AddMilliseconds(2)), Guid.CreateVersion7(start.AddMilliseconds(3)), Guid.CreateVersion7(start.AddMilliseconds(4)));
    }

    private static DateTimeOffset At(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateOnly D(int month, int day) => new(2026, month, day);

    /// <summary>The business dates the story is read on.</summary>
    private static readonly DateOnly[] Dates =
        [D(1, 31), D(2, 11), D(2, 12), D(3, 6), D(4, 2), D(6, 2), D(6, 4), D(7, 5), D(7, 15), D(10, 2), D(10, 31)];

    /// <summary>One step: when it happened, and how to record it (backdated: give that business time; else: leave it out).</summary>
    private sealed record Step(DateTimeOffset At, Func<bool, Task> Record);

    private IReadOnlyList<Step> Story() =>
    [
        new(At(1, 2, 9), async backdated =>
        {
            foreach (var (person, name) in new[] { (Dana, "Dana Sales-Director"), (Anna, "Anna Virtanen"), (Ben, "Ben Lindqvist") })
            {
                await Post("/api/people", PeopleScenarios.Registration(person, name) with { OccurredAt = backdated ? At(1, 2, 9) : null }, 201);
                await Post($"/api/people/{person}/authority-grants", Grant(D(1, 1), 5m, person == Dana ? null : Dana, null));
            }
        }),
        new(At(1, 15), backdated => Post("/api/accounts", Scenarios.Designation("Nordic Paper Oy", "FI-STORY-1") with
        {
            AccountId = Account, DesignatedOn = backdated ? D(1, 15) : null, OccurredAt = backdated ? At(1, 15) : null,
        }, 201)),
        new(At(1, 20), async backdated =>
        {
            await Post($"/api/accounts/{Account}/account-manager/assignments",
                new AssignAccountManager { PersonId = Anna, EffectiveOn = backdated ? D(1, 20) : null, OccurredAt = backdated ? At(1, 20) : null });
            await Post($"/api/accounts/{Account}/stakeholders", new AddStakeholder
            {
                StakeholderId = Maria, Name = "Maria Korhonen", Title = "CFO", Department = "Finance", Level = OrganisationLevel.Executive,
                BuyingRole = BuyingRole.DecisionMaker, Stance = Stance.Neutral, EffectiveOn = backdated ? D(1, 20) : null,
                OccurredAt = backdated ? At(1, 20) : null,
            }, 201);
        }),
        // Dana becomes sales director: from 12 February she may approve discounts up to 20%.
        new(At(2, 1, 9), backdated => Post($"/api/people/{Dana}/authority-grants", Grant(D(2, 12), 20m, null, backdated ? At(2, 1, 9) : null))),
        new(At(2, 10), backdated => Post($"/api/accounts/{Account}/interactions", new RecordInteraction
        {
            InteractionId = Meeting, Kind = InteractionKind.Meeting, Channel = InteractionChannel.InPerson, HappenedAt = backdated ? At(2, 10) : null,
            Subject = "Price review 2027", Summary = "Maria asked for a discount on the 2027 framework price list.",
            OurParticipants = [Anna], TheirParticipants = [Maria],
        }, 201, Anna)),
        // Anna promises 8%, above the 5% she may grant alone: pending Dana's approval.
        new(At(2, 10, 11), backdated => Post($"/api/accounts/{Account}/commitments", new MakeCommitment
        {
            CommitmentId = Discount, MadeBy = Anna, MadeTo = [Maria], InteractionId = Meeting, Kind = CommitmentKind.PriceOrDiscount,
            Description = "8% discount on the 2027 framework price list", DiscountPercent = 8m, DueOn = D(3, 31),
            MadeOn = backdated ? D(2, 10) : null, OccurredAt = backdated ? At(2, 10, 11) : null,
        }, 201, Anna)),
        // On 11 February Dana could not have approved it yet: her 20% began on the 12th.
        new(At(2, 11), async backdated =>
        {
            // Not Given.Refused: a scheduled check may append to another stream meanwhile; what counts is that this one was not approved.
            var refused = await Host.Scenario(x =>
            {
                x.Post.Json(new ApproveCommitment { OccurredAt = backdated ? At(2, 11) : null }).ToUrl($"/api/commitments/{Discount}/approval");
                x.As(Dana, Roles.Writer, Roles.Approver);
                x.StatusCodeShouldBe(422);
            });
            (await refused.Problem()).Rule.ShouldBe("approver-lacks-authority");
            (await Host.GetAsJson<CommitmentWithLineage>($"/api/commitments/{Discount}"))!.Lineage.ShouldNotContain(e => e.Type == nameof(CommitmentApproved));
        }),
        new(At(2, 12), backdated => Post($"/api/commitments/{Discount}/approval", new ApproveCommitment
        {
            Note = "Within the 2027 pricing policy", OccurredAt = backdated ? At(2, 12) : null,
        }, 200, Dana)),
        new(At(3, 5), backdated => Post($"/api/commitments/{Discount}/amendments", new AmendCommitment
        {
            DueOn = D(6, 30), Reason = "Customer's budget year starts in July", OccurredAt = backdated ? At(3, 5) : null,
        }, 200, Anna)),
        new(At(4, 15), backdated => Post($"/api/accounts/{Account}/commitments", new MakeCommitment
        {
            CommitmentId = Pilot, MadeBy = Anna, MadeTo = [Maria], Kind = CommitmentKind.DeliveryDate,
            Description = "Pilot delivery to the Kaskinen mill", DueOn = D(9, 30), MadeOn = backdated ? D(4, 15) : null,
            OccurredAt = backdated ? At(4, 15) : null,
        }, 201, Anna)),
        // The handover to Ben on 1 June, with both open promises passed to him.
        new(At(6, 1, 9), async backdated =>
        {
            await Post($"/api/accounts/{Account}/account-manager/handovers", new HandOverAccount
            {
                ToPersonId = Ben, HandoverNote = "Discount promised for the 2027 price list; pilot delivery in September.",
                EffectiveOn = backdated ? D(6, 1) : null, OccurredAt = backdated ? At(6, 1, 9) : null,
            });
            foreach (var commitment in new[] { Discount, Pilot })
            {
                await Post($"/api/commitments/{commitment}/owner-reassignments",
                    new ReassignCommitmentOwner { Owner = Ben, Reason = "Account handed over to Ben", OccurredAt = backdated ? At(6, 1, 9) : null });
            }
        }),
        new(At(6, 3), async backdated =>
        {
            foreach (var commitment in new[] { Discount, Pilot })
            {
                await Post($"/api/commitments/{commitment}/ownership-acknowledgement",
                    new AcknowledgeCommitmentOwnership { OccurredAt = backdated ? At(6, 3) : null }, 200, Ben);
            }
        }),
        // The scheduler's check the day after the due date: the discount is still not on the price list.
        new(At(7, 1, 0, 30), _ => Given.CheckDue(Discount, D(6, 30))),
        new(At(7, 10), backdated => Post($"/api/commitments/{Discount}/fulfilment", new FulfilCommitment
        {
            FulfilledOn = backdated ? D(7, 10) : null, OccurredAt = backdated ? At(7, 10) : null, Evidence = "Price list 2027 v2 signed, ref PL-2027-114",
        }, 200, Ben)),
        new(At(10, 1, 0, 30), _ => Given.CheckDue(Pilot, D(9, 30))),
        new(At(10, 20), backdated => Post($"/api/accounts/{Account}/status-changes", new ChangeAccountStatus
        {
            Status = AccountHealth.AtRisk, Reason = "Pilot delivery missed; competitor invited to tender", OccurredAt = backdated ? At(10, 20) : null,
        }, 200, Ben)),
    ];

    /// <summary>The sitting of 2 November: one step a minute, each with the business time it happened at.</summary>
    private async Task<IReadOnlyList<DateTimeOffset>> RecordAfterwards()
    {
        NewIds();
        var recorded = new List<DateTimeOffset>();
        foreach (var step in Story())
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            recorded.Add(App.Clock.Now);
            await step.Record(true);
        }

        return recorded;
    }

    /// <summary>As it happened: the clock at each step's moment, and no business time given.</summary>
    private async Task RecordDayByDay()
    {
        NewIds();
        foreach (var step in Story())
        {
            App.Clock.Now = step.At;
            await step.Record(false);
        }

        App.Clock.Now = AppFixture.Start;
    }

    [Fact]
    public async Task a_year_recorded_afterwards_reads_exactly_right_on_every_business_date()
    {
        var recorded = await RecordAfterwards();

        // 31 January: a key account with Anna as its KAM and Maria as its decision maker; nothing promised yet.
        var january = await View(D(1, 31));
        january.GetProperty("status").GetProperty("status").GetString().ShouldBe("Active");
        january.GetProperty("roles").GetProperty("accountManager").GetProperty("personId").GetString().ShouldBe(Anna);
        january.GetProperty("openCommitments").GetArrayLength().ShouldBe(0);
        (await Register(D(1, 31))).ShouldBeEmpty();

        // 11 February: the 8% promise waits for Dana, its due date 31 March, Anna its owner.
        var pending = (await Register(D(2, 11))).ShouldHaveSingleItem();
        pending.ShouldSatisfyAllConditions(
            c => c.Id.ShouldBe(Discount),
            c => c.Status.ShouldBe(CommitmentStatus.PendingApproval),
            c => c.PendingApprover.ShouldBe(Dana),
            c => c.DueOn.ShouldBe(D(3, 31)),
            c => c.Owner.ShouldBe(Anna),
            c => c.MadeOn.ShouldBe(D(2, 10)));
        var february11 = await View(D(2, 11));
        february11.GetProperty("status").GetProperty("commitments").GetProperty("pendingApproval").GetInt32().ShouldBe(1);

        // 12 February: approved by Dana, within the authority she held that day.
        var approved = await Commitment(Discount, D(2, 12));
        approved.Commitment.Status.ShouldBe(CommitmentStatus.InForce);
        var approval = approved.Lineage.Single(e => e.Type == nameof(CommitmentApproved));
        approval.OccurredAt.ShouldBe(At(2, 12));
        ((JsonElement)approval.Data).GetProperty("approverCheck").GetProperty("maxDiscountPercent").GetDecimal().ShouldBe(20m);
        ((JsonElement)approval.Data).GetProperty("approverCheck").GetProperty("on").GetString().ShouldBe("2026-02-12");

        // 6 March: the due date amended to 30 June. 2 April: not overdue, whatever a check for 31 March may have recorded.
        (await Commitment(Discount, D(3, 6))).Commitment.DueOn.ShouldBe(D(6, 30));
        var april = (await Register(D(4, 2))).ShouldHaveSingleItem();
        april.ShouldSatisfyAllConditions(c => c.DueOn.ShouldBe(D(6, 30)), c => c.Overdue.ShouldBeFalse(), c => c.Status.ShouldBe(CommitmentStatus.InForce));

        // 2 June: Ben is the KAM and owns both open promises, not yet acknowledged; 4 June: acknowledged.
        var june2 = await View(D(6, 2));
        june2.GetProperty("roles").GetProperty("accountManager").GetProperty("personId").GetString().ShouldBe(Ben);
        var owned = await Register(D(6, 2));
        owned.Select(c => (c.Id, c.Owner, c.OwnershipAcknowledged)).ShouldBe([(Discount, Ben, false), (Pilot, Ben, false)]);
        (await Register(D(6, 4))).ShouldAllBe(c => c.Owner == Ben && c.OwnershipAcknowledged);
        (await Register(D(6, 2), "&unacknowledged=true")).Count.ShouldBe(2);
        (await Register(D(6, 4), "&unacknowledged=true")).ShouldBeEmpty();

        // 5 July: the discount is overdue (due 30 June, still open).
        var july5 = await Register(D(7, 5), "&overdue=true");
        july5.ShouldHaveSingleItem().Id.ShouldBe(Discount);
        (await View(D(7, 5))).GetProperty("status").GetProperty("commitments").GetProperty("overdue").GetInt32().ShouldBe(1);

        // 15 July: kept on 10 July, late; the pilot still open and on time.
        var kept = await Commitment(Discount, D(7, 15));
        kept.Commitment.ShouldSatisfyAllConditions(
            c => c.Status.ShouldBe(CommitmentStatus.Fulfilled),
            c => c.ClosedOn.ShouldBe(D(7, 10)),
            c => c.KeptOnTime.ShouldBe(false),
            c => c.Overdue.ShouldBeFalse());
        (await Commitment(Pilot, D(7, 15))).Commitment.ShouldSatisfyAllConditions(c => c.IsOpen.ShouldBeTrue(), c => c.Overdue.ShouldBeFalse());

        // 2 October: the pilot is overdue. 31 October: the account is at risk.
        (await Register(D(10, 2), "&overdue=true")).ShouldHaveSingleItem().Id.ShouldBe(Pilot);
        var october = await View(D(10, 31));
        october.GetProperty("status").GetProperty("status").GetString().ShouldBe("AtRisk");
        october.GetProperty("status").GetProperty("commitments").GetProperty("fulfilled").GetInt32().ShouldBe(1);

        // The timeline runs in business time: the February promise before everything of June, the handover on 1 June.
        var timeline = await Timeline(D(10, 31));
        var kinds = timeline.Select(e => e.GetProperty("kind").GetString()).ToList();
        kinds.IndexOf(nameof(CommitmentMade)).ShouldBeLessThan(kinds.IndexOf(nameof(AccountManagerHandedOver)));
        timeline.Single(e => e.GetProperty("kind").GetString() == nameof(AccountManagerHandedOver)).GetProperty("businessTime").GetDateTimeOffset()
            .ShouldBe(At(6, 1, 9));
        timeline.Where(e => e.GetProperty("kind").GetString() == nameof(CommitmentBecameOverdue))
            .Select(e => e.GetProperty("businessTime").GetDateTimeOffset()).ShouldBe([At(7, 1, 0), At(10, 1, 0)],
                "an overdue check made stale by the amendment does not show");
        timeline.Select(e => e.GetProperty("businessTime").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Ascending);

        // What our records said during the sitting: before the approval was recorded, the promise was pending on 12 February too.
        var beforeApproval = recorded[7].AddSeconds(-1);
        (await Register(D(2, 12), $"&asOf={Uri.EscapeDataString(beforeApproval.ToString("O"))}")).ShouldHaveSingleItem()
            .Status.ShouldBe(CommitmentStatus.PendingApproval);
        // And before the handover was recorded, Anna held the account on 2 June.
        var beforeHandover = recorded[10].AddSeconds(-1);
        (await View(D(6, 2), beforeHandover)).GetProperty("roles").GetProperty("accountManager").GetProperty("personId").GetString().ShouldBe(Anna);
        (await Register(D(6, 2), $"&asOf={Uri.EscapeDataString(beforeHandover.ToString("O"))}")).Select(c => c.Owner).ShouldBe([Anna, Anna]);
    }

    [Fact]
    public async Task recorded_afterwards_and_day_by_day_the_year_reads_the_same_on_every_business_date()
    {
        await RecordAfterwards();
        var afterwards = await Answers();

        await App.ResetAsync();
        await RecordDayByDay();
        var dayByDay = await Answers();

        foreach (var (question, answer) in afterwards)
        {
            dayByDay[question].ShouldBe(answer, question);
        }

        afterwards.Count.ShouldBe(dayByDay.Count);
    }

    /// <summary>
    /// Every business-date answer of the story, as JSON text, without what only says when and how it was recorded (recorded
    /// times, global sequences, event ids, correlation ids, the recorded instant a view was read at).
    /// </summary>
    private async Task<Dictionary<string, string>> Answers()
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var date in Dates)
        {
            var on = $"on={date:yyyy-MM-dd}";
            answers[$"view {on}"] = Business(await Host.GetAsJson<JsonNode>($"/api/accounts/{Account}/view?{on}"));
            answers[$"status {on}"] = Business(await Host.GetAsJson<JsonNode>($"/api/accounts/{Account}?{on}"));
            answers[$"register {on}"] = Business(await Host.GetAsJson<JsonNode>($"/api/accounts/{Account}/commitments?{on}"));
            foreach (var commitment in new[] { Discount, Pilot })
            {
                var found = await Host.Scenario(x =>
                {
                    x.Get.Url($"/api/commitments/{commitment}?{on}");
                    x.IgnoreStatusCode();
                });
                answers[$"commitment {(commitment == Discount ? "discount" : "pilot")} {on}"] = found.Context.Response.StatusCode == 200
                    ? Business(await found.ReadAsJsonAsync<JsonNode>())
                    : $"{found.Context.Response.StatusCode}";
            }

            answers[$"roles {on}"] = Business(await Host.GetAsJson<JsonNode>($"/api/accounts/{Account}/roles?{on}"));
            answers[$"timeline {on}"] = Business(await Host.GetAsJson<JsonNode>($"/api/accounts/{Account}/timeline?{on}&order=asc&limit=200"));
        }

        return answers;
    }

    private static readonly HashSet<string> RecordingOnly = new(StringComparer.Ordinal)
    {
        "recordedAt", "recordedBy", "sequence", "correlationId", "causationId", "id", "entryId", "asOf", "eventCount", "version", "revision", "next",
    };

    private string Business(JsonNode? node)
    {
        Strip(node);
        var json = node?.ToJsonString() ?? "null";
        foreach (var (id, role) in new[] { (Account, "{account}"), (Maria, "{maria}"), (Meeting, "{meeting}"), (Discount, "{discount}"), (Pilot, "{pilot}") })
        {
            json = json.Replace(id.ToString(), role, StringComparison.OrdinalIgnoreCase);
        }

        return json;

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                    {
                        if (RecordingOnly.Contains(key))
                        {
                            o.Remove(key);
                        }
                        else
                        {
                            Strip(o[key]);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Strip(item);
                    }

                    break;
            }
        }
    }

    private async Task Post(string url, object body, int status = 200, string? caller = null)
    {
        await Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl(url);
            if (caller is not null)
            {
                x.As(caller, Roles.Writer, Roles.Approver);
            }

            x.StatusCodeShouldBe(status);
        });
    }

    private static GrantAuthority Grant(DateOnly from, decimal discount, string? approver, DateTimeOffset? occurredAt) => new()
    {
        EffectiveFrom = from,
        MaxCommitmentValues = [new Money(50_000m, "EUR")],
        MaxDiscountPercent = discount,
        CommitmentKinds = [CommitmentKind.PriceOrDiscount, CommitmentKind.DeliveryDate],
        ApproverPersonId = approver,
        Reason = approver is null ? "Sales director" : "Key account manager",
        OccurredAt = occurredAt,
    };

    private async Task<JsonElement> View(DateOnly on, DateTimeOffset? asOf = null) =>
        await Host.GetAsJson<JsonElement>($"/api/accounts/{Account}/view?on={on:yyyy-MM-dd}" +
            (asOf is { } at ? $"&asOf={Uri.EscapeDataString(at.ToString("O"))}" : ""));

    private async Task<IReadOnlyList<Commitment>> Register(DateOnly on, string query = "") =>
        (await Host.GetAsJson<Page<Commitment>>($"/api/accounts/{Account}/commitments?on={on:yyyy-MM-dd}{query}"))!.Items;

    private async Task<CommitmentWithLineage> Commitment(Guid id, DateOnly on) =>
        (await Host.GetAsJson<CommitmentWithLineage>($"/api/commitments/{id}?on={on:yyyy-MM-dd}"))!;

    private async Task<IReadOnlyList<JsonElement>> Timeline(DateOnly on) =>
        [.. (await Host.GetAsJson<JsonElement>($"/api/accounts/{Account}/timeline?on={on:yyyy-MM-dd}&order=asc&limit=200")).GetProperty("items").EnumerateArray()];
}
