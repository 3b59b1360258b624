using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kam.EventStore.Api;
using Kam.EventStore.Timeline;

namespace Kam.EventStore.Tests.Api;

/// <summary>
/// A stored document written into an answer token by token (<see cref="StoredJson"/>) decodes to exactly what the serializer
/// writes for the same object in an answer: camelCase names, every value as it was, in the same order here (the stored text
/// below was written by .NET; jsonb would order the members its own way). Only escaping may differ: JSON's own, no more.
/// </summary>
public sealed class StoredJsonTests
{
    private static readonly JsonSerializerOptions Api = CreateApi();

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // As the store keeps a document: .NET names; PostgreSQL prints jsonb with its own spacing and without escaping non-ASCII.
    private static readonly JsonSerializerOptions Store = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    [Theory]
    [InlineData("Met \"Maria\" at Hämeenlinna <b>mill</b> & co's café")]
    [InlineData("Line one\nline two\ttabbed \\ backslash")]
    [InlineData("Price review 2027 \U0001F4C8 \u2028 \u00e9")]
    [InlineData("")]
    public void a_stored_entry_is_written_as_the_serializer_writes_it_for_the_api(string title)
    {
        var entry = new TimelineEntry
        {
            Id = Guid.NewGuid(), AccountId = Guid.NewGuid(), EntryId = Guid.NewGuid(), Revision = 2, Kind = "InteractionRecorded", Title = title,
            BusinessTime = new DateTimeOffset(2026, 3, 1, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4567), RecordedAt = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero),
            Actor = "anna@example.com", Sequence = long.MaxValue - 7, PersonIds = ["anna@example.com", "ben@example.com"], StakeholderIds = [Guid.NewGuid()],
            RelatedIds = [], Retracted = true,
        };

        var stored = JsonSerializer.Serialize(entry, Store);

        var written = Written(stored);
        var api = JsonSerializer.Serialize(entry, Api);
        JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(api)).ShouldBeTrue(written);
        written.ShouldBe(JsonNode.Parse(api)!.ToJsonString(Relaxed), "the same members, in the same order, relaxed escaping");
        written.ShouldContain("\"businessTime\":\"2026-03-01T09:30:15.1234567+00:00\"");
    }

    [Fact]
    public void names_that_are_not_plain_pascal_case_follow_the_serializer_policy_and_nesting_and_nulls_are_kept()
    {
        const string stored = """{"ID": 1, "URLValue": "x", "A": null, "Nested": {"InnerList": [{"Deep": false}, 1.50, -2e3]}, "\u0041bc": "escaped name"}""";

        Written(stored).ShouldBe("""{"id":1,"urlValue":"x","a":null,"nested":{"innerList":[{"deep":false},1.50,-2e3]},"abc":"escaped name"}""");
    }

    private static string Written(string stored)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            StoredJson.WriteCamelCase(writer, Encoding.UTF8.GetBytes(stored));
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static JsonSerializerOptions CreateApi()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Kam.EventStore.Api.Json.Configure(options);
        return options;
    }
}
