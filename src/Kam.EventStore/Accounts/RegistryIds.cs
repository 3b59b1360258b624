namespace Kam.EventStore.Accounts;

/// <summary>Registry ids (business ids, VAT ids) compared without case, spaces or separators.</summary>
public static class RegistryIds
{
    public static string Normalize(string registryId) =>
        string.Concat(registryId.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}
