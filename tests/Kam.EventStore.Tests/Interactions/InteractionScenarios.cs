using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Interactions;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Relationships;
using Kam.EventStore.Timeline;

namespace Kam.EventStore.Tests.Interactions;

/// <summary>Given-helpers for interactions, notes and the timeline, driving the HTTP API.</summary>
public static class InteractionScenarios
{
    /// <summary>Business time <paramref name="days"/> days before the test clock's start, at 10:00.</summary>
    public static DateTimeOffset DaysAgo(int days) => new DateTimeOffset(AppFixture.Start.Date, TimeSpan.Zero).AddDays(-days).AddHours(10);

    /// <summary>A meeting with the given people, as a command; adjust with <c>with</c>.</summary>
    public static RecordInteraction Meeting(DateTimeOffset happenedAt, string[] ours, Guid[] theirs, string subject = "Price review 2027") => new()
    {
        Kind = InteractionKind.Meeting,
        Channel = InteractionChannel.InPerson,
        HappenedAt = happenedAt,
        DurationMinutes = 60,
        Subject = subject,
        Summary = "Walked through the 2027 price list.",
        OurParticipants = ours,
        TheirParticipants = theirs,
        Topics = ["Pricing"],
    };

    /// <summary>An interaction recorded through the API (our people registered first); returns its id.</summary>
    public static async Task<Guid> Interaction(this Scenarios given, Guid accountId, RecordInteraction command)
    {
        await given.Colleagues([.. command.OurParticipants ?? [], .. (command.FollowUps ?? []).Select(f => f.OwnerPersonId)]);
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(command).ToUrl($"/api/accounts/{accountId}/interactions");
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<InteractionCreated>()).InteractionId;
    }

    /// <summary>A meeting recorded through the API; returns its id.</summary>
    public static Task<Guid> Meeting(this Scenarios given, Guid accountId, DateTimeOffset happenedAt, string[] ours, Guid[] theirs, string subject = "Price review 2027") =>
        given.Interaction(accountId, Meeting(happenedAt, ours, theirs, subject));

    /// <summary>A correction accepted through the API; returns the interaction's new version.</summary>
    public static async Task<long> Correct(this Scenarios given, Guid accountId, Guid interactionId, CorrectInteraction correction)
    {
        await given.Colleagues([.. correction.OurParticipants ?? []]);
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(correction).ToUrl($"/api/accounts/{accountId}/interactions/{interactionId}/corrections");
            x.StatusCodeShouldBe(200);
        });
        return (await result.ReadAsJsonAsync<InteractionWritten>()).Version;
    }

    /// <summary>A retraction accepted through the API; returns the interaction's new version.</summary>
    public static async Task<long> Retract(this Scenarios given, Guid accountId, Guid interactionId, string reason = "Recorded by mistake")
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(new RetractInteraction { Reason = reason }).ToUrl($"/api/accounts/{accountId}/interactions/{interactionId}/retraction");
            x.StatusCodeShouldBe(200);
        });
        return (await result.ReadAsJsonAsync<InteractionWritten>()).Version;
    }

    public static async Task<InteractionRecord> InteractionRecord(this Scenarios given, Guid accountId, Guid interactionId) =>
        (await given.App.Host.GetAsJson<InteractionRecord>($"/api/accounts/{accountId}/interactions/{interactionId}"))!;

    /// <summary>A note recorded through the API (its author registered first); returns its id.</summary>
    public static async Task<Guid> Note(this Scenarios given, Guid accountId, string text, string author, Guid[]? about = null, string[]? tags = null, DateTimeOffset? occurredAt = null)
    {
        await given.Colleagues(author);
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(new RecordNote { Text = text, AuthorPersonId = author, StakeholderIds = about, Tags = tags, OccurredAt = occurredAt })
                .ToUrl($"/api/accounts/{accountId}/notes");
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<NoteCreated>()).NoteId;
    }

    /// <summary>One page of the timeline; <paramref name="query"/> is the query string without <c>?</c>.</summary>
    public static async Task<TimelinePage> Timeline(this Scenarios given, Guid accountId, string query = "") =>
        (await given.App.Host.GetAsJson<TimelinePage>($"/api/accounts/{accountId}/timeline" + (query.Length > 0 ? "?" + query : "")))!;

    /// <summary>Every page of the timeline, following <c>next</c>.</summary>
    public static async Task<List<TimelineEntry>> WholeTimeline(this Scenarios given, Guid accountId, string query = "")
    {
        var entries = new List<TimelineEntry>();
        var page = await given.Timeline(accountId, query);
        entries.AddRange(page.Items);
        while (page.Next is { } next)
        {
            page = await given.Timeline(accountId, (query.Length > 0 ? query + "&" : "") + "cursor=" + next);
            entries.AddRange(page.Items);
        }

        return entries;
    }

    /// <summary>The account status with its interaction activity.</summary>
    public static async Task<InteractionActivity> Activity(this Scenarios given, Guid accountId) =>
        (await given.Status(accountId)).Interactions.ShouldNotBeNull();

    /// <summary>An account with a KAM, two stakeholders at different levels; returns the ids.</summary>
    public static async Task<(Guid Account, Guid Maria, Guid Olli)> AccountWithStakeholders(this Scenarios given, string name = "Nordic Paper Oy")
    {
        var account = await given.KeyAccount(name);
        await given.Kam(account, "anna@example.com", RelationshipScenarios.D(1, 5));
        var maria = await given.Stakeholder(account, "Maria Korhonen", RelationshipScenarios.D(1, 10), OrganisationLevel.Executive, title: "CFO");
        var olli = await given.Stakeholder(account, "Olli Laine", RelationshipScenarios.D(1, 10), OrganisationLevel.Operational, BuyingRole.User, "Buyer");
        return (account, maria, olli);
    }
}
