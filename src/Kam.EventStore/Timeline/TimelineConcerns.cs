using System.Collections.Concurrent;
using System.Reflection;

namespace Kam.EventStore.Timeline;

/// <summary>
/// What an account event concerns. By convention, from the event's own public properties: <c>string</c> properties named
/// <c>PersonId</c> or ending in it (<c>ToPersonId</c>, <c>ManagerPersonId</c>) and string lists ending in <c>PersonIds</c> are
/// our people; <c>Guid</c> properties and lists ending in <c>StakeholderId(s)</c> are stakeholders; other <c>Guid</c>
/// properties ending in <c>Id</c> (but the account id) are related records. So events of areas added later are filterable
/// by person and stakeholder on the timeline without timeline code.
/// </summary>
public static class Concerning
{
    private static readonly ConcurrentDictionary<Type, Func<object, TimelineConcerns>> Readers = new();

    public static TimelineConcerns Of(IAccountEvent e) =>
        e is ITimelineConcerns explicitly ? explicitly.Concerns : Readers.GetOrAdd(e.GetType(), Reader)(e);

    private static Func<object, TimelineConcerns> Reader(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var people = properties.Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("PersonId", StringComparison.Ordinal)).ToArray();
        var peopleLists = properties.Where(p => typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType) && p.PropertyType != typeof(string)
            && p.Name.EndsWith("PersonIds", StringComparison.Ordinal)).ToArray();
        var ids = properties.Where(p => (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?))
            && p.Name.EndsWith("Id", StringComparison.Ordinal) && p.Name != nameof(IAccountEvent.AccountId)).ToArray();
        var stakeholders = ids.Where(p => p.Name.EndsWith("StakeholderId", StringComparison.Ordinal)).ToArray();
        var related = ids.Except(stakeholders).ToArray();
        var stakeholderLists = properties.Where(p => typeof(IEnumerable<Guid>).IsAssignableFrom(p.PropertyType)
            && p.Name.EndsWith("StakeholderIds", StringComparison.Ordinal)).ToArray();

        return e => new TimelineConcerns(
            [.. people.Select(p => p.GetValue(e) as string)
                .Concat(peopleLists.SelectMany(p => p.GetValue(e) as IEnumerable<string> ?? []))
                .OfType<string>().Distinct(StringComparer.Ordinal)],
            [.. stakeholders.Select(p => p.GetValue(e) as Guid?)
                .Concat(stakeholderLists.SelectMany(p => (p.GetValue(e) as IEnumerable<Guid> ?? []).Select(g => (Guid?)g)))
                .OfType<Guid>().Where(g => g != Guid.Empty).Distinct()],
            [.. related.Select(p => p.GetValue(e) as Guid?).OfType<Guid>().Where(g => g != Guid.Empty).Distinct()]);
    }
}
