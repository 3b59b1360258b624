using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Kam.EventStore.Api;

/// <summary>
/// Optimistic concurrency made explicit: a write may state the version it was decided on, either as the
/// body's <c>version</c> or as an <c>If-Match</c> header carrying the ETag of a read. A mismatch is a 409
/// before anything is appended; a write that races past this check still fails at commit, because the
/// append itself asserts the version the aggregate was loaded at.
/// </summary>
public static class ExpectedVersion
{
    /// <summary>The ETag of a stream at <paramref name="version"/>: a strong tag, the version in quotes.</summary>
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>
    /// Checks the expected version from the body and/or <c>If-Match</c> against the stream's
    /// <paramref name="actual"/> version. Both absent: no check (last writer wins on this request only
    /// in the sense that it is decided on the freshly loaded state).
    /// </summary>
    public static ProblemDetails Check(HttpContext context, long? bodyVersion, long actual)
    {
        long? expected = bodyVersion;
        var ifMatch = context.Request.Headers[HeaderNames.IfMatch].ToString();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (!TryParse(ifMatch, out var fromHeader))
            {
                return Problems.Invalid("If-Match", "Must be the ETag of a read of this resource, e.g. \"3\".");
            }

            if (expected is { } fromBody && fromBody != fromHeader)
            {
                return Problems.Invalid("version", "The body's version and the If-Match header disagree.");
            }

            expected = fromHeader;
        }

        if (expected is < 0)
        {
            return Problems.Invalid("version", "Must not be negative.");
        }

        return expected is { } e && e != actual ? Problems.VersionConflict(e, actual) : Problems.None;
    }

    private static bool TryParse(string header, out long version)
    {
        var tag = header.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return long.TryParse(tag.Trim('"'), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out version);
    }
}
