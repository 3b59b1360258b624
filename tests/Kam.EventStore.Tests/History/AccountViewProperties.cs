using CsCheck;
using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.ApiDocs;
using Kam.EventStore.Commitments;
using Kam.EventStore.History;
using Kam.EventStore.Interactions;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Marten;
using Weasel.Core;

namespace Kam.EventStore.Tests.History;

/// <summary>
/// Properties of past views over generated histories (pure: no database). For any history and any instant, the view as of
/// that instant (1) shows what a simple model of the events recorded by then says, and (2) built from the checkpoints the
/// projection keeps, equals the naive replay of every event recorded by then: also when commits land out of order in time.
/// </summary>
public sealed class AccountViewProperties
{
    private static readonly Guid Account = new("0194f1a0-0000-7000-8000-000000000001");
    private static readonly Guid OtherAccount = new("0194f1a0-0000-7000-8000-000000000002");
    private static readonly DateTimeOffset Origin = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] People = ["anna@example.com", "ben@example.com", "carl@example.com"];

    private static readonly Marten.ISerializer Serializer = CheckpointModel.Serializer;

    /// <summary>One step of a generated history: what happens, a choice within it, and how late its commit lands (minutes).</summary>
    public sealed record Step(int Kind, int Choice, int Minutes);

    private static readonly Gen<Step> StepGen = Gen.Select(Gen.Int[0, 14], Gen.Int[0, 1000], Gen.Int[-30, 90], (k, c, m) => new Step(k, c, m));

    private static readonly Guid[] Stakeholders = [new("0194f1a0-0000-7000-8000-0000000000a1"), new("0194f1a0-0000-7000-8000-0000000000a2"), new("0194f1a0-0000-7000-8000-0000000000a3")];

    // Long enough to cross several checkpoints (one every 64 events of the account).
    private static readonly Gen<(List<Step> Steps, int[] Instants)> HistoryGen =
        Gen.Select(StepGen.List[0, 300], Gen.Int[-60, 300 * 60].Array[1, 12]);

    [Fact]
    public void a_past_view_from_checkpoints_equals_the_naive_replay_and_the_model_of_the_events_recorded_by_then()
    {
        var lastUnknown = 0;
        HistoryGen.Sample((steps, instants) =>
        {
            var events = History(steps);
            var checkpoints = CheckpointModel.Checkpoints(Account, events);
            foreach (var minutes in instants)
            {
                var asOf = Origin.AddMinutes(minutes);
                var naive = AccountViews.Naive(Account, events, asOf);
                // A read loads its checkpoint afresh; so does this one, since the fold consumes the checkpoint's view.
                var nearest = AccountCheckpoints.Nearest(checkpoints, asOf);
                var loaded = nearest is null ? null : AccountCheckpoints.Of(CheckpointModel.Copy(nearest.View), tip: true, CheckpointModel.Copy);
                var fromCheckpoint = AccountCheckpoints.AsOf(Account, loaded, events, asOf);
                Json(fromCheckpoint).ShouldBe(Json(naive));

                var recorded = events.Where(e => e.Timestamp <= asOf).OrderBy(e => e.Sequence).Select(e => e.Data).ToList();
                var mine = recorded.OfType<IAccountEvent>().Where(e => e.AccountId == Account).ToList();
                naive.EventCount.ShouldBe(mine.Count);
                if (mine.FirstOrDefault() is not KeyAccountDesignated)
                {
                    naive.Status.ShouldBeNull();
                    continue;
                }

                naive.Status!.Name.ShouldBe(mine.Select(e => e switch { KeyAccountDesignated d => d.Name, KeyAccountRenamed r => r.Name, _ => null }).Last(n => n is not null));
                naive.Status.Status.ShouldBe(mine.OfType<AccountStatusChanged>().LastOrDefault()?.Status ?? AccountHealth.Active);
                naive.Status.AccountManager.ShouldBe(mine.Select(e => e switch
                {
                    AccountManagerAssigned a => a.PersonId,
                    AccountManagerHandedOver h => h.ToPersonId,
                    _ => null,
                }).LastOrDefault(p => p is not null));
                naive.Commitments.Count.ShouldBe(mine.OfType<CommitmentMade>().Count());
                naive.Commitments.Values.Count(c => c.IsOpen).ShouldBe(
                    mine.OfType<CommitmentMade>().Count() - mine.Select(e => e switch
                    {
                        CommitmentFulfilled f => f.CommitmentId,
                        CommitmentWithdrawn w => w.CommitmentId,
                        CommitmentBroken b => b.CommitmentId,
                        CommitmentRejected r => r.CommitmentId,
                        _ => (Guid?)null,
                    }).OfType<Guid>().Distinct().Count());
                naive.Roles!.Managers.Count.ShouldBe(mine.Count(e => e is AccountManagerAssigned or AccountManagerHandedOver));

                // The tallies the status shows, against the commitments themselves and the interactions live then.
                AccountActivities.Show(naive.Activity.Promises).ShouldBe(Summary(naive.Commitments.Values));
                var live = Live(mine);
                var shown = AccountActivities.Show(naive.Activity.Contacts, asOf);
                var last = live.OrderByDescending(i => i.Value.At).ThenByDescending(i => i.Key).Select(i => (Guid?)i.Key).FirstOrDefault();
                if (!naive.Activity.Contacts.LastUnknown)
                {
                    (shown.LastInteraction?.InteractionId).ShouldBe(last);
                }
                else
                {
                    lastUnknown++;
                }

                shown.InteractionsLast30Days.ShouldBe(live.Values.Count(i => i.At > asOf.AddDays(-30)));
                shown.InteractionsLast90Days.ShouldBe(live.Values.Count(i => i.At > asOf.AddDays(-90)));
                shown.DistinctStakeholdersMet.ShouldBe(live.Values.SelectMany(i => i.Met).Select(p => p.StakeholderId).Distinct().Count());
                shown.OrganisationLevelsMet.ShouldBe([.. live.Values.SelectMany(i => i.Met).Select(p => p.Level).Distinct().Order()]);

                // The same as of a business date: the facts dated by then, from the checkpoint the production rule picks, shown at
                // the end of that date.
                var on = BusinessTime.Today(asOf).AddDays(-(minutes % 5));
                var naiveOn = AccountViews.Naive(Account, events, asOf, on);
                var nearestOn = AccountCheckpoints.Nearest(checkpoints, asOf, on);
                var loadedOn = nearestOn is null ? null : AccountCheckpoints.Of(CheckpointModel.Copy(nearestOn.View), tip: true, CheckpointModel.Copy);
                Json(AccountCheckpoints.AsOf(Account, loadedOn, events, asOf, on)).ShouldBe(Json(naiveOn));
                if (naiveOn.Status is not null && !naiveOn.Activity.Contacts.LastUnknown)
                {
                    var end = BusinessTime.EndOf(on);
                    var liveOn = Live(mine.Where(e => BusinessTime.DateOf(e) <= on));
                    var shownOn = AccountActivities.Show(naiveOn.Activity.Contacts, end);
                    shownOn.InteractionsLast30Days.ShouldBe(liveOn.Values.Count(i => i.At > end.AddDays(-30)));
                    shownOn.InteractionsLast90Days.ShouldBe(liveOn.Values.Count(i => i.At > end.AddDays(-90)));
                    (shownOn.LastInteraction?.InteractionId).ShouldBe(liveOn.OrderByDescending(i => i.Value.At).ThenByDescending(i => i.Key).Select(i => (Guid?)i.Key).FirstOrDefault());
                    AccountActivities.Show(naiveOn.Activity.Promises, on).ShouldBe(Summary(naiveOn.Commitments.Values));
                }
            }
        }, iter: 150);

        // Most views know their last interaction; the rare ones that do not are read from the records (AccountStatusReads).
        lastUnknown.ShouldBeLessThan(150 * 6);
    }

    /// <summary>The model of the status's commitment figures: counted over the commitments as they stood.</summary>
    private static CommitmentSummary Summary(IEnumerable<Commitment> commitments)
    {
        var all = commitments.ToList();
        var ended = all.Where(c => c.KeptOnTime is not null).ToList();
        return new CommitmentSummary(
            all.Count(c => c.IsOpen),
            all.Count(c => c.IsOpen && c.Overdue),
            all.Count(c => c.Status == CommitmentStatus.PendingApproval),
            all.Count(c => c.Status == CommitmentStatus.Fulfilled),
            all.Count(c => c.Status == CommitmentStatus.Broken),
            ended.Count == 0 ? null : Math.Round((decimal)ended.Count(c => c.KeptOnTime == true) / ended.Count, 4));
    }

    /// <summary>The model of the contact figures: the interactions live after these events, as they then read.</summary>
    private static Dictionary<Guid, (DateTimeOffset At, IReadOnlyList<StakeholderParticipant> Met)> Live(IEnumerable<IAccountEvent> events)
    {
        var live = new Dictionary<Guid, (DateTimeOffset, IReadOnlyList<StakeholderParticipant>)>();
        foreach (var e in events)
        {
            switch (e)
            {
                case InteractionRecorded r:
                    live[r.InteractionId] = (r.OccurredAt, r.Details.TheirParticipants);
                    break;
                case InteractionCorrected c:
                    live[c.InteractionId] = (c.HappenedAt, c.Details.TheirParticipants);
                    break;
                case InteractionRetracted r:
                    live.Remove(r.InteractionId);
                    break;
            }
        }

        return live;
    }

    /// <summary>Turns steps into the events a real history would record: the account designated first, then whatever the steps say.</summary>
    private static List<IEvent> History(List<Step> steps)
    {
        var events = new List<IEvent>();
        var commitments = new List<(Guid Id, bool Closed)>();
        var interactions = new List<(Guid Id, DateTimeOffset At, InteractionDetails Details)>();
        InteractionDetails Met(int choice) => new(InteractionKind.Meeting, InteractionChannel.InPerson, 60, $"Meeting {choice}", "Notes", [People[choice % People.Length]],
            [.. Stakeholders.Take(1 + (choice % 2)).Select((s, i) => new StakeholderParticipant(Stakeholders[(choice + i) % Stakeholders.Length], "Someone", (OrganisationLevel)((choice / 3 + i) % 3)))],
            [], [], []);
        string? kam = null;
        var at = Origin;
        var by = "dev-user";
        void Add(Guid stream, IAccountEvent data, int lateBy = 0)
        {
            var version = events.Count(e => e.StreamId == stream) + 1;
            events.Add(CheckpointModel.Wrap(data, stream, version, events.Count + 1, at.AddMinutes(lateBy)));
        }

        Add(Account, new KeyAccountDesignated(Account, "Nordic Paper Oy", "FI123", "Paper", AccountTier.Key, ["Strategic fit"], new DateOnly(2025, 12, 1),
            new Money(1_000_000m, "EUR"), at, by));
        foreach (var step in steps)
        {
            at = at.AddMinutes(60);
            var person = People[step.Choice % People.Length];
            var day = DateOnly.FromDateTime(at.UtcDateTime);
            // A negative lateness is a commit whose sequence came after an event recorded (timestamped) later: concurrent writers.
            var late = Math.Min(step.Minutes, 0);
            switch (step.Kind)
            {
                case 0:
                    Add(Account, new KeyAccountRenamed(Account, "?", $"Nordic Paper {step.Choice}", null, at, by), late);
                    break;
                case 1:
                    Add(Account, new AccountStatusChanged(Account, AccountHealth.Active, Enum.GetValues<AccountHealth>()[step.Choice % Enum.GetValues<AccountHealth>().Length], "Judged", at, by), late);
                    break;
                case 2 when kam is null:
                    Add(Account, new AccountManagerAssigned(Account, person, day, null, at, by), late);
                    kam = person;
                    break;
                case 2 when kam != person:
                    Add(Account, new AccountManagerHandedOver(Account, kam, person, day.AddDays(-(step.Choice % 20)), "Notes", at, by), late);
                    kam = person;
                    break;
                case 3:
                    Add(Account, new AccountTeamMemberAdded(Account, person, TeamRole.ExecutiveSponsor, null, day, at, by), late);
                    break;
                case 4 or 5:
                    var id = Guid.CreateVersion7(at);
                    commitments.Add((id, false));
                    // Some beyond authority: pending approval until approved or rejected.
                    var within = step.Kind == 4 || step.Choice % 2 == 0;
                    Add(id, new CommitmentMade(Account, id, person, [], null, CommitmentKind.DeliveryDate, "Delivery by week 12", null, null, day,
                        day.AddDays(30), person, new AuthorityCheck(person, day, day, null, null, true, within, within ? null : "director@example.com", []), at, by), late);
                    break;
                case 10 or 11:
                    // Interactions that happened up to 240 days before they were recorded: some inside the 30 and 90 days, many not.
                    var interaction = Guid.CreateVersion7(at);
                    var happened = at.AddDays(-(step.Choice % 240));
                    interactions.Add((interaction, happened, Met(step.Choice)));
                    Add(interaction, new InteractionRecorded(interaction, Account, Met(step.Choice), happened, by), late);
                    break;
                case 12 when interactions.Count > 0:
                    var corrected = interactions[step.Choice % interactions.Count];
                    var moved = at.AddDays(-(step.Choice % 200));
                    interactions[interactions.IndexOf(corrected)] = (corrected.Id, moved, Met(step.Choice + 1));
                    Add(corrected.Id, new InteractionCorrected(corrected.Id, Account, moved, Met(step.Choice + 1), corrected.At, corrected.Details, "Wrong", at, by), late);
                    break;
                case 13 when interactions.Count > 0:
                    var retracted = interactions[step.Choice % interactions.Count];
                    interactions.Remove(retracted);
                    Add(retracted.Id, new InteractionRetracted(retracted.Id, Account, retracted.At, retracted.Details, "Mistake", at, by), late);
                    break;
                case 14 when commitments.Any(c => !c.Closed):
                    var target = commitments.Where(c => !c.Closed).ToList()[step.Choice % commitments.Count(c => !c.Closed)];
                    switch (step.Choice % 5)
                    {
                        case 0:
                            Add(target.Id, new CommitmentBecameOverdue(Account, target.Id, day, at, by), late);
                            break;
                        case 1:
                            commitments[commitments.IndexOf(target)] = (target.Id, true);
                            Add(target.Id, new CommitmentBroken(Account, target.Id, day, "Missed", false, at, by), late);
                            break;
                        case 2:
                            Add(target.Id, new CommitmentAmended(Account, target.Id, "Later", null, null, day.AddDays(step.Choice % 40), "Moved", null, at, by), late);
                            break;
                        case 3:
                            Add(target.Id, new CommitmentApproved(Account, target.Id, "director@example.com",
                                new AuthorityCheck("director@example.com", day, day, null, null, true, true, null, []), null, at, by), late);
                            break;
                        default:
                            commitments[commitments.IndexOf(target)] = (target.Id, true);
                            Add(target.Id, new CommitmentRejected(Account, target.Id, "director@example.com", "No", at, by), late);
                            break;
                    }

                    break;
                case 6 when commitments.Any(c => !c.Closed):
                    var open = commitments.Where(c => !c.Closed).ToList()[step.Choice % commitments.Count(c => !c.Closed)];
                    commitments[commitments.IndexOf(open)] = (open.Id, true);
                    Add(open.Id, step.Choice % 2 == 0
                        ? new CommitmentFulfilled(Account, open.Id, day, "Done", at, by)
                        : new CommitmentWithdrawn(Account, open.Id, day, "Not needed", true, at, by), late);
                    break;
                case 7:
                    // On a stream of its own, part of the account but not of its view.
                    var note = Guid.CreateVersion7(at);
                    Add(note, new NoteRecorded(note, Account, "Call back", [], person, [], at, by), late);
                    break;
                case 8:
                    Add(OtherAccount, new KeyAccountRenamed(OtherAccount, "?", "Someone else", null, at, by), late);
                    break;
                default:
                    Add(Account, new KeyAccountReclassified(Account, AccountTier.Key, Enum.GetValues<AccountTier>()[step.Choice % Enum.GetValues<AccountTier>().Length], "Review", at, by), late);
                    break;
            }
        }

        return events;
    }

    /// <summary>The checkpoints (and tip) the projection would keep for the account, with its own step.</summary>
    private static string Json(AccountView view) => Serializer.ToJson(view);
}
