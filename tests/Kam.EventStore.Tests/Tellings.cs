using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.ApiDocs;

namespace Kam.EventStore.Tests;

/// <summary>
/// A story told twice (see History/BusinessTimeStoryTests): once recorded afterwards in one sitting, every step backdated; once day by
/// day with the clock moved to each step and no business time given. Steps and the comparison of their business-date answers.
/// </summary>
public static class Tellings
{
    /// <summary>One step: when it happened, and how to record it (backdated: give that business time; else leave it out).</summary>
    public sealed record Step(DateTimeOffset At, Func<bool, Task> Record);

    /// <summary>The sitting of <see cref="AppFixture.Start"/>: one step a minute, each with the business time it happened at; returns when each was recorded.</summary>
    public static async Task<IReadOnlyList<DateTimeOffset>> RecordAfterwards(AppFixture app, IEnumerable<Step> story)
    {
        var recorded = new List<DateTimeOffset>();
        foreach (var step in story)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            recorded.Add(app.Clock.Now);
            await step.Record(true);
        }

        return recorded;
    }

    /// <summary>As it happened: the clock at each step's moment, and no business time given; the clock back at the start afterwards.</summary>
    public static async Task RecordDayByDay(AppFixture app, IEnumerable<Step> story)
    {
        foreach (var step in story)
        {
            app.Clock.Now = step.At;
            await step.Record(false);
        }

        app.Clock.Now = AppFixture.Start;
    }

    /// <summary>A read's answer as JSON text, or its status when it is not 200.</summary>
    public static async Task<string> Answer(AppFixture app, string url)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode == 200 ? Business(await result.ReadAsJsonAsync<JsonNode>()) : $"{result.Context.Response.StatusCode}";
    }

    /// <summary>What only says when and how something was recorded: left out of the comparison.</summary>
    private static readonly HashSet<string> RecordingOnly = new(StringComparer.Ordinal)
    {
        "recordedAt", "recordedBy", "sequence", "correlationId", "causationId", "id", "entryId", "asOf", "eventCount", "version", "revision", "next",
    };

    /// <summary>The JSON without what only says when and how it was recorded.</summary>
    public static string Business(JsonNode? node)
    {
        Strip(node);
        return node?.ToJsonString() ?? "null";

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                    {
                        if (RecordingOnly.Contains(key))
                        {
                            o.Remove(key);
                        }
                        else
                        {
                            Strip(o[key]);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Strip(item);
                    }

                    break;
            }
        }
    }

    /// <summary>Posts as <paramref name="caller"/> (writer and approver) when given, expecting <paramref name="status"/>.</summary>
    public static async Task<IScenarioResult> Post(AppFixture app, string url, object body, int status = 200, string? caller = null) =>
        await app.Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl(url);
            if (caller is not null)
            {
                x.As(caller, Kam.EventStore.Security.Roles.Writer, Kam.EventStore.Security.Roles.Approver);
            }

            x.StatusCodeShouldBe(status);
        });
}
