namespace Kam.EventStore.Accounts;

/// <summary>Account names as lists sort them: without case or surrounding spaces.</summary>
public static class AccountNames
{
    public static string SortKey(string name) => name.Trim().ToLowerInvariant();
}
