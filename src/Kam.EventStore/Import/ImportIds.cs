using Kam.EventStore.People;

namespace Kam.EventStore.Import;

/// <summary>
/// The ids of imported records are name-based UUIDs (version 5) of the CRM's own ids, as person stream ids are of person
/// ids: importing the same export again finds the same streams, so it appends nothing, and an account imported once
/// keeps its id however often the import runs.
/// </summary>
public static class ImportIds
{
    /// <summary>The namespace of imported ids. Fixed forever: changing it would import every account a second time.</summary>
    public static readonly Guid Namespace = new("3f1d2a8e-6c4b-5e7a-9d21-8b0c4f6e1a37");

    /// <summary>The account stream of the CRM account <paramref name="crmAccountId"/>.</summary>
    public static Guid Account(string crmAccountId) => PersonIds.NameBased(Namespace, "account:" + crmAccountId);

    /// <summary>The stakeholder id of the CRM contact <paramref name="crmContactId"/>.</summary>
    public static Guid Stakeholder(string crmContactId) => PersonIds.NameBased(Namespace, "contact:" + crmContactId);

    /// <summary>The interaction stream of the CRM activity <paramref name="crmActivityId"/>.</summary>
    public static Guid Interaction(string crmActivityId) => PersonIds.NameBased(Namespace, "activity:" + crmActivityId);
}
