using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kam.EventStore.People;

/// <summary>
/// A person is known by a stable person id (employee id or e-mail), compared without case. Marten streams are
/// Guid-keyed, so each person's stream id is a name-based UUID (RFC 9562 version 5) of the normalised person id:
/// every area can find a person's stream and <see cref="Person" /> document from the person id alone, without a
/// lookup table, and the same id always lands on the same stream (which also settles racing registrations).
/// </summary>
public static partial class PersonIds
{
    /// <summary>The namespace of person stream ids. Fixed forever: changing it would orphan every person stream.</summary>
    public static readonly Guid Namespace = new("7ad954ff-54ab-4fb9-b875-1e41453c252c");

    /// <summary>Longest accepted person id (an e-mail address can be long).</summary>
    public const int MaxLength = 200;

    /// <summary>The canonical form of a person id: trimmed, lower case.</summary>
    public static string Normalize(string personId) => personId.Trim().ToLowerInvariant();

    /// <summary>The stream id (and <see cref="Person" /> document id) of <paramref name="personId" />, in any case.</summary>
    public static Guid StreamId(string personId) => NameBased(Namespace, Normalize(personId));

    /// <summary>
    /// True when <paramref name="personId" /> looks like an employee id or an e-mail address: letters and digits,
    /// with <c>. _ - + @</c> inside. Anything else (spaces, slashes, percent signs) would not survive a URL path.
    /// </summary>
    public static bool IsWellFormed(string personId)
    {
        var id = personId.Trim();
        return id.Length is > 0 and <= MaxLength && Shape().IsMatch(id);
    }

    /// <summary>A version 5 (SHA-1, name-based) UUID of <paramref name="name" /> in <paramref name="namespaceId" />.</summary>
    internal static Guid NameBased(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        // SHA-1 is what version 5 UUIDs are defined with; it derives an identifier here, it protects nothing.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._+@-]*[A-Za-z0-9])?$")]
    private static partial Regex Shape();
}
