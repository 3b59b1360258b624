using Marten.Events.Aggregation;

namespace Kam.EventStore.People;

/// <summary>
/// One of our own people as the directory shows them: the current profile, its dated history, whether and when they
/// left, and their authority over time. Other areas load it by the name-based UUID of the person id (in lower case).
/// Built inline with every write, so a read right after a write sees it.
/// </summary>
public sealed class Person
{
    /// <summary>The stream id: a name-based UUID of the person id (in lower case), so every area finds the person from the id alone.</summary>
    public Guid Id { get; set; }

    /// <summary>The person id: employee id or e-mail, normalised (trimmed, lower case).</summary>
    public string PersonId { get; set; } = "";

    /// <summary>Full name, current.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-cased name: the sort and keyset-paging key of people lists.</summary>
    public string NameKey { get; set; } = "";

    /// <summary>Job title, current.</summary>
    public string Title { get; set; } = "";

    /// <summary>Organisational unit, current.</summary>
    public string OrgUnit { get; set; } = "";

    /// <summary>Lower-cased organisational unit, for filtering.</summary>
    public string OrgUnitKey { get; set; } = "";

    /// <summary>Level on the seniority ladder, current.</summary>
    public Seniority Seniority { get; set; }

    /// <summary>Person id of the current line manager; null when none is recorded.</summary>
    public string? ManagerPersonId { get; set; }

    /// <summary>The profile as first registered; the profile before any change.</summary>
    public PersonProfile Registered { get; set; } = new("", "", "", Seniority.Junior, null);

    /// <summary>Profile changes in order of the date they took effect.</summary>
    public IReadOnlyList<ProfileChange> ProfileChanges { get; set; } = [];

    /// <summary>Authority grants in order of <c>EffectiveFrom</c>, one per date (a later grant for the same date supersedes).</summary>
    public IReadOnlyList<AuthorityGrant> Authority { get; set; } = [];

    /// <summary>True once the person has left the company; their record then accepts no changes.</summary>
    public bool HasLeft { get; set; }

    /// <summary>The person's last day with us.</summary>
    public DateOnly? LeftOn { get; set; }

    /// <summary>Why they left, when recorded.</summary>
    public string? LeftReason { get; set; }

    /// <summary>When the person was registered, in business time.</summary>
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Business time of the latest fact about the person.</summary>
    public DateTimeOffset LastOccurredAt { get; set; }

    /// <summary>Who recorded the latest fact.</summary>
    public string LastRecordedBy { get; set; } = "";

    /// <summary>The stream version this view reflects; send it back as the expected version of a write.</summary>
    public long Version { get; set; }

    /// <summary>The authority in force on <paramref name="date" />; null before the first grant and after the person left.</summary>
    public AuthorityGrant? AuthorityOn(DateOnly date) => AuthorityHistory.On(Authority, date, LeftOn);

    /// <summary>The profile in force on <paramref name="date" />.</summary>
    public PersonProfile ProfileOn(DateOnly date) => ProfileHistory.On(Registered, ProfileChanges, date);
}

/// <summary>Builds <see cref="Person" /> from the person's stream. Never reads the clock.</summary>
public sealed partial class PersonProjection : SingleStreamProjection<Person, Guid>
{
    public static Person Create(PersonRegistered e)
    {
        var view = new Person
        {
            Id = PersonIds.StreamId(e.PersonId),
            PersonId = e.PersonId,
            Registered = new PersonProfile(e.Name, e.Title, e.OrgUnit, e.Seniority, e.ManagerPersonId),
            RegisteredAt = e.OccurredAt,
            LastOccurredAt = e.OccurredAt,
            LastRecordedBy = e.By,
        };
        Show(view, view.Registered);
        return view;
    }

    public static void Apply(PersonProfileChanged e, Person view)
    {
        view.ProfileChanges = ProfileHistory.Insert(view.ProfileChanges, ProfileChange.From(e));
        Show(view, ProfileHistory.Latest(view.Registered, view.ProfileChanges));
        Touch(view, e);
    }

    public static void Apply(PersonLeftCompany e, Person view)
    {
        view.HasLeft = true;
        view.LeftOn = e.LeftOn;
        view.LeftReason = e.Reason;
        Touch(view, e);
    }

    public static void Apply(AuthorityGranted e, Person view)
    {
        view.Authority = AuthorityHistory.Insert(view.Authority, AuthorityGrant.From(e));
        Touch(view, e);
    }

    private static void Show(Person view, PersonProfile profile)
    {
        view.Name = profile.Name;
        view.NameKey = PersonNames.SortKey(profile.Name);
        view.Title = profile.Title;
        view.OrgUnit = profile.OrgUnit;
        view.OrgUnitKey = PersonNames.SortKey(profile.OrgUnit);
        view.Seniority = profile.Seniority;
        view.ManagerPersonId = profile.ManagerPersonId;
    }

    // Backdated facts must not move "latest" backwards.
    private static void Touch(Person view, IPersonEvent e)
    {
        if (e.OccurredAt > view.LastOccurredAt)
        {
            view.LastOccurredAt = e.OccurredAt;
        }

        view.LastRecordedBy = e.By;
    }
}

/// <summary>Names and units compared without case, for sorting and filtering.</summary>
public static class PersonNames
{
    public static string SortKey(string text) => text.Trim().ToLowerInvariant();
}
