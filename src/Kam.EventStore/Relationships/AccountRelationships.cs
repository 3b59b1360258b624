using Kam.EventStore.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Relationships;

/// <summary>
/// The write model of an account's relationships: who holds which role now, and the dates the current terms
/// began, which is what the role commands decide on (one KAM at a time, nobody on the team twice, no interval
/// that ends before it starts). A second inline snapshot of the account stream, so each write loads one row.
/// </summary>
public sealed record AccountRelationships(
    Guid Id,
    bool DesignationEnded,
    string? ManagerPersonId,
    DateOnly? ManagerSince,
    DateOnly? LastManagerChangeOn,
    IReadOnlyList<TeamSeat> Team,
    IReadOnlyDictionary<string, DateOnly> LeftTeamOn,
    IReadOnlyList<StakeholderState> Stakeholders,
    IReadOnlyList<LinkState> Links,
    IReadOnlyDictionary<string, DateOnly> LinkEndedOn,
    IReadOnlyList<CompetitorState> Competitors) : IAccountState, IWriteModel<AccountWritten>
{
    public ProblemDetails? Closed() => AccountChangeRules.Closed(this);

    public AccountWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now) => AccountWritten.After(Id, version, appended, now);

    public static AccountRelationships Create(KeyAccountDesignated e) =>
        new(e.AccountId, false, null, null, null, [], new Dictionary<string, DateOnly>(), [], [], new Dictionary<string, DateOnly>(), []);

    public AccountRelationships Apply(KeyAccountDesignationEnded e) => this with { DesignationEnded = true };

    public AccountRelationships Apply(AccountManagerAssigned e) =>
        this with { ManagerPersonId = e.PersonId, ManagerSince = e.EffectiveOn, LastManagerChangeOn = e.EffectiveOn };

    public AccountRelationships Apply(AccountManagerHandedOver e) =>
        this with { ManagerPersonId = e.ToPersonId, ManagerSince = e.EffectiveOn, LastManagerChangeOn = e.EffectiveOn };

    public AccountRelationships Apply(AccountManagerPositionVacated e) =>
        this with { ManagerPersonId = null, ManagerSince = null, LastManagerChangeOn = e.EffectiveOn };

    public AccountRelationships Apply(AccountTeamMemberAdded e) =>
        this with { Team = [.. Team, new TeamSeat(e.PersonId, e.Role, e.RoleName, e.EffectiveOn)] };

    public AccountRelationships Apply(AccountTeamMemberRoleChanged e) =>
        this with { Team = [.. Team.Where(s => s.PersonId != e.PersonId), new TeamSeat(e.PersonId, e.Role, e.RoleName, e.EffectiveOn)] };

    public AccountRelationships Apply(AccountTeamMemberRemoved e) => this with
    {
        Team = [.. Team.Where(s => s.PersonId != e.PersonId)],
        LeftTeamOn = new Dictionary<string, DateOnly>(LeftTeamOn) { [e.PersonId] = e.EffectiveOn },
    };

    public AccountRelationships Apply(StakeholderAdded e) =>
        this with { Stakeholders = [.. Stakeholders, new StakeholderState(e.StakeholderId, e.Profile, e.EffectiveOn, e.EffectiveOn, null)] };

    public AccountRelationships Apply(StakeholderChanged e) =>
        this with { Stakeholders = [.. Stakeholders.Select(s => s.Id == e.StakeholderId ? s with { Profile = e.Profile, ProfileSince = e.EffectiveOn } : s)] };

    public AccountRelationships Apply(StakeholderLeftCustomer e) =>
        this with { Stakeholders = [.. Stakeholders.Select(s => s.Id == e.StakeholderId ? s with { LeftOn = e.EffectiveOn } : s)] };

    public AccountRelationships Apply(StakeholderPersonalDataErased e) =>
        this with { Stakeholders = [.. Stakeholders.Select(s => s.Id == e.StakeholderId ? s with { Profile = s.Profile.Erase(), Erased = true } : s)] };

    public AccountRelationships Apply(RelationshipLinkEstablished e) =>
        this with { Links = [.. Links, new LinkState(e.PersonId, e.StakeholderId, e.Strength, e.EffectiveOn)] };

    public AccountRelationships Apply(RelationshipLinkStrengthChanged e) =>
        this with { Links = [.. Links.Select(l => l.Is(e.PersonId, e.StakeholderId) ? l with { Strength = e.Strength, Since = e.EffectiveOn } : l)] };

    public AccountRelationships Apply(RelationshipLinkEnded e) => this with
    {
        Links = [.. Links.Where(l => !l.Is(e.PersonId, e.StakeholderId))],
        LinkEndedOn = new Dictionary<string, DateOnly>(LinkEndedOn) { [LinkState.Key(e.PersonId, e.StakeholderId)] = e.EffectiveOn },
    };

    public AccountRelationships Apply(CompetitorNoted e) =>
        this with { Competitors = [.. Competitors, new CompetitorState(e.CompetitorId, e.Name, e.EffectiveOn, null)] };

    public AccountRelationships Apply(CompetitorNoLongerPresent e) =>
        this with { Competitors = [.. Competitors.Select(c => c.Id == e.CompetitorId ? c with { GoneOn = e.EffectiveOn } : c)] };

    public TeamSeat? SeatOf(string personId) => Team.FirstOrDefault(s => s.PersonId == personId);

    public StakeholderState? Stakeholder(Guid id) => Stakeholders.FirstOrDefault(s => s.Id == id);

    public LinkState? Link(string personId, Guid stakeholderId) => Links.FirstOrDefault(l => l.Is(personId, stakeholderId));
}

/// <summary>A current seat on the account team, held since <c>Since</c>.</summary>
public sealed record TeamSeat(string PersonId, TeamRole Role, string? RoleName, DateOnly Since);

/// <summary>A stakeholder of the account: their current profile, since when it holds, when they left (if they did), and whether their personal data was erased.</summary>
public sealed record StakeholderState(Guid Id, StakeholderProfile Profile, DateOnly AddedOn, DateOnly ProfileSince, DateOnly? LeftOn, bool Erased = false);

/// <summary>A current relationship link and the date its current strength began.</summary>
public sealed record LinkState(string PersonId, Guid StakeholderId, LinkStrength Strength, DateOnly Since)
{
    public bool Is(string personId, Guid stakeholderId) => PersonId == personId && StakeholderId == stakeholderId;

    public static string Key(string personId, Guid stakeholderId) => $"{personId}|{stakeholderId}";
}

/// <summary>A competitor noted at the customer.</summary>
public sealed record CompetitorState(Guid Id, string Name, DateOnly Since, DateOnly? GoneOn);
