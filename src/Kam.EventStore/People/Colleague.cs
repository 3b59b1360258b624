using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.People;

/// <summary>
/// The write model of one of our own people: what the People commands need to decide. Immutable: <c>Create</c> and
/// <c>Apply</c> return a new value. Kept as an inline snapshot so a write loads one row. It holds the dated profile
/// history because a change is compared with the profile in force on its own effective date.
/// </summary>
/// <param name="Id">The stream id, derived from the person id.</param>
/// <param name="PersonId">The normalised person id.</param>
/// <param name="Registered">The profile as registered.</param>
/// <param name="ProfileChanges">Profile changes in order of effect.</param>
/// <param name="LeftOn">The last day with us, once the person has left.</param>
[DuplicateRule("duplicate-person")]
public sealed record Colleague(
    Guid Id,
    string PersonId,
    PersonProfile Registered,
    IReadOnlyList<ProfileChange> ProfileChanges,
    DateOnly? LeftOn) : IWriteModel<PersonWritten>
{
    /// <summary>The stream version this state was built from (set by Marten).</summary>
    public long Version { get; set; }

    public static Colleague Create(PersonRegistered e) =>
        new(PersonIds.StreamId(e.PersonId), e.PersonId,
            new PersonProfile(e.Name, e.Title, e.OrgUnit, e.Seniority, e.ManagerPersonId), [], LeftOn: null);

    public Colleague Apply(PersonProfileChanged e) =>
        this with { ProfileChanges = ProfileHistory.Insert(ProfileChanges, ProfileChange.From(e)) };

    public Colleague Apply(PersonLeftCompany e) => this with { LeftOn = e.LeftOn };

    // Grants decide nothing on the write side yet; applying them keeps the snapshot's version in step.
    public Colleague Apply(AuthorityGranted e) => this;

    public ProblemDetails? Closed() => PersonChangeRules.Closed(this);

    public PersonWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var occurredAt = appended.OfType<IPersonEvent>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        return new PersonWritten(PersonId, version, occurredAt, occurredAt == now);
    }

    /// <summary>The profile in force on <paramref name="date" />.</summary>
    public PersonProfile ProfileOn(DateOnly date) => ProfileHistory.On(Registered, ProfileChanges, date);
}
