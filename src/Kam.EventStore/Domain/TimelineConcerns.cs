namespace Kam.EventStore.Domain;

/// <summary>The ids a timeline entry concerns: our people, their stakeholders, and other records (interaction, competitor...).</summary>
/// <param name="PersonIds">Our people (person ids).</param>
/// <param name="StakeholderIds">The customer's stakeholders.</param>
/// <param name="RelatedIds">Other records the entry is about.</param>
public sealed record TimelineConcerns(IReadOnlyList<string> PersonIds, IReadOnlyList<Guid> StakeholderIds, IReadOnlyList<Guid> RelatedIds);

/// <summary>
/// An event that says itself whom and what it concerns. Events that do not are read by convention
/// (the timeline's <c>Concerning</c>), so most areas need nothing; implement it explicitly (it then stays out of the stored JSON)
/// when the ids sit deeper than the event's own properties.
/// </summary>
public interface ITimelineConcerns
{
    TimelineConcerns Concerns { get; }
}
