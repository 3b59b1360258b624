using Kam.EventStore.Interactions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.Relationships;

/// <summary>
/// The account's relationship map on a date: the customer's stakeholders, who of ours is linked to each and how
/// strongly, and the coverage signals a KAM acts on.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="On">The business date of the map.</param>
/// <param name="Version">The account stream version the map was built from.</param>
/// <param name="StaleAfterDays">A link counts as stale after this many days without contact.</param>
/// <param name="Stakeholders">The stakeholders on that date with their links.</param>
/// <param name="Coverage">Coverage signals.</param>
public sealed record RelationshipMap(
    Guid AccountId, DateOnly On, long Version, int StaleAfterDays, IReadOnlyList<MappedStakeholder> Stakeholders, Coverage Coverage);

/// <summary>A stakeholder on the map.</summary>
/// <param name="StakeholderId">The stakeholder.</param>
/// <param name="Profile">What we knew of them on that date.</param>
/// <param name="KnownSince">When they first became a stakeholder.</param>
/// <param name="LastContact">The date of their last interaction with any of our people on or before the map's date; null when none is recorded.</param>
/// <param name="Links">Links from our side in force on that date.</param>
public sealed record MappedStakeholder(
    Guid StakeholderId, StakeholderProfile Profile, DateOnly KnownSince, DateOnly? LastContact, IReadOnlyList<MappedLink> Links);

/// <summary>A link from one of our people.</summary>
/// <param name="PersonId">Our person.</param>
/// <param name="Strength">Its strength on that date.</param>
/// <param name="Since">When the link was established.</param>
/// <param name="LastContact">The date of the last interaction both took part in, on or before the map's date; null when none is recorded.</param>
/// <param name="Stale">True when there has been no contact (or no contact recorded since the link began) for longer than the threshold.</param>
public sealed record MappedLink(string PersonId, LinkStrength Strength, DateOnly Since, DateOnly? LastContact, bool Stale);

/// <summary>Coverage signals of a relationship map.</summary>
/// <param name="SingleThreaded">True when every link is held by one of our people (a single point of failure).</param>
/// <param name="OnlyLinkHolder">That person, when single-threaded.</param>
/// <param name="DecisionMakersWithoutStrongLink">Decision makers nobody of ours has a strong link to.</param>
/// <param name="LevelsWithoutLink">Organisation levels where no stakeholder is linked to us.</param>
/// <param name="StaleLinks">How many links are stale.</param>
public sealed record Coverage(
    bool SingleThreaded, string? OnlyLinkHolder, IReadOnlyList<Guid> DecisionMakersWithoutStrongLink,
    IReadOnlyList<OrganisationLevel> LevelsWithoutLink, int StaleLinks);

/// <summary>Builds a relationship map from the role history; pure, so any date's map is the same every time.</summary>
public static class RelationshipMaps
{
    public const int DefaultStaleAfterDays = 90;

    /// <param name="roles">The account's role history.</param>
    /// <param name="on">The map's date.</param>
    /// <param name="staleAfterDays">Days without contact after which a link is stale.</param>
    /// <param name="lastContacts">Last contact on or before <paramref name="on"/> per pair (<see cref="LinkState.Key"/>).</param>
    /// <param name="stakeholderContacts">Last contact on or before <paramref name="on"/> per stakeholder, with anyone of ours.</param>
    public static RelationshipMap Build(
        AccountRoles roles, DateOnly on, int staleAfterDays, IReadOnlyDictionary<string, DateOnly> lastContacts,
        IReadOnlyDictionary<Guid, DateOnly> stakeholderContacts)
    {
        var staleBefore = on.AddDays(-staleAfterDays);
        var stakeholders = roles.Stakeholders.On(on)
            .Select(s => new MappedStakeholder(
                s.StakeholderId,
                s.Profile,
                roles.Stakeholders.Where(t => t.StakeholderId == s.StakeholderId).Min(t => t.From),
                stakeholderContacts.TryGetValue(s.StakeholderId, out var met) ? met : null,
                [.. roles.Links.On(on).Where(l => l.StakeholderId == s.StakeholderId).Select(l =>
                {
                    var since = LinkSince(roles.Links, l);
                    DateOnly? contact = lastContacts.TryGetValue(LinkState.Key(l.PersonId, l.StakeholderId), out var c) ? c : null;
                    return new MappedLink(l.PersonId, l.Strength, since, contact, (contact ?? since) < staleBefore);
                })]))
            .ToList();

        var links = stakeholders.SelectMany(s => s.Links).ToList();
        var holders = links.Select(l => l.PersonId).Distinct().ToList();
        var coverage = new Coverage(
            holders.Count == 1,
            holders.Count == 1 ? holders[0] : null,
            [.. stakeholders.Where(s => s.Profile.BuyingRole == BuyingRole.DecisionMaker && s.Links.All(l => l.Strength != LinkStrength.Strong))
                .Select(s => s.StakeholderId)],
            [.. Enum.GetValues<OrganisationLevel>().Where(level => !stakeholders.Any(s => s.Profile.Level == level && s.Links.Count > 0))],
            links.Count(l => l.Stale));
        return new RelationshipMap(roles.Id, on, roles.Version, staleAfterDays, stakeholders, coverage);
    }

    // A strength change splits a link into intervals; the link itself began where the unbroken run began.
    private static DateOnly LinkSince(List<LinkTerm> all, LinkTerm current)
    {
        var since = current.From;
        var pair = all.Where(t => t.PersonId == current.PersonId && t.StakeholderId == current.StakeholderId).ToList();
        while (pair.FirstOrDefault(t => t.To == since && t.From < since) is { } previous)
        {
            since = previous.From;
        }

        return since;
    }
}

public static class GetRelationshipMapEndpoint
{
    /// <summary>The account's relationship map and coverage signals on a date.</summary>
    /// <remarks>
    /// Stakeholders in force on the business date <c>on</c> (default today) with the links from our side, and the signals:
    /// single-threaded (one of our people holds every link), decision makers without a strong link, organisation levels with
    /// no link, and links without contact for <c>staleAfterDays</c> (default 90). Last contact, per stakeholder and per link, is
    /// the date of the last live (not retracted) interaction they took part in, on or before <c>on</c>; a link without any
    /// counts as stale once it is older than the threshold.
    /// <para>
    /// With <c>asOf</c> (a recorded time): the map as the records had it at that instant, stakeholders, links and last contacts
    /// alike (interactions recorded, corrected or retracted later are as they read then); <c>on</c> defaults to the date of <c>asOf</c>.
    /// </para>
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="on">Business date (YYYY-MM-DD); default today.</param>
    /// <param name="staleAfterDays">Days without contact after which a link is stale, 1-3650; default 90.</param>
    /// <param name="asOf">Recorded time (ISO 8601): the map as recorded by then; default now.</param>
    [WolverineGet("/api/accounts/{accountId}/relationship-map", OperationId = "GetRelationshipMap")]
    [Tags("Role history")]
    [ProducesResponseType<RelationshipMap>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, TimeProvider clock, HttpContext context, CancellationToken cancellation,
        DateOnly? on = null, int? staleAfterDays = null, DateTimeOffset? asOf = null)
    {
        if (staleAfterDays is < 1 or > 3650)
        {
            return Results.Problem(Problems.Invalid("staleAfterDays", "Must be between 1 and 3650."));
        }

        var (roles, problem) = await GetAccountRolesEndpoint.LoadAsync(session, accountId, asOf, clock, cancellation);
        if (roles is null)
        {
            return Results.Problem(problem);
        }

        var date = on ?? GetAccountRolesEndpoint.DefaultDate(asOf, clock);
        var (stakeholders, pairs) = asOf is null
            ? await Contacts.LastContactsAsync(session, accountId, date, cancellation)
            : await Contacts.LastContactsAsOfAsync(session, accountId, date, History.PastViews.Instant(asOf, clock), cancellation);
        context.Response.Headers[HeaderNames.ETag] = ExpectedVersion.ETag(roles.Version);
        return Results.Ok(RelationshipMaps.Build(roles, date, staleAfterDays ?? RelationshipMaps.DefaultStaleAfterDays, pairs, stakeholders));
    }
}
