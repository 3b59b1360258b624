using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Api;

/// <summary>One page of a list, and the opaque cursor of the next page (null on the last page).</summary>
/// <param name="Items">The items of this page, in the list's stable order.</param>
/// <param name="Next">Pass as <c>cursor</c> to read the next page; null when there is none.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Keyset (seek) paging: a cursor is the sort key of the last item returned, so a page costs the same at
/// any depth, and items inserted or removed meanwhile never make a page skip or repeat an item.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode<TPosition>(TPosition position) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    /// <summary>Decodes a cursor and checks the limit; a problem names the bad query parameter.</summary>
    public static ProblemDetails Read<TPosition>(string? cursor, int? limit, out TPosition? position, out int take)
        where TPosition : class
    {
        position = null;
        take = limit ?? DefaultLimit;
        var errors = new FieldErrors();
        if (take is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Must be between 1 and {MaxLimit}.");
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            try
            {
                position = JsonSerializer.Deserialize<TPosition>(Base64Url.DecodeFromChars(cursor));
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                position = null;
            }

            if (position is null)
            {
                errors.Add("cursor", "Not a cursor returned by this list.");
            }
        }

        return errors.ToProblem();
    }
}
