using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.Commitments;
using Kam.EventStore.Tests.Interactions;
using Kam.EventStore.Tests.Relationships;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Kam.EventStore.Tests.Api;

/// <summary>
/// The service as a hostile and careless client meets it: seeded generated requests to every operation of the OpenAPI
/// document (see <see cref="Fuzzer"/>). None may get a 5xx, an error that is not a problem document, or an answer with a
/// stack trace, a .NET type name or SQL in it; a refused write appends nothing; and nothing is logged as an error.
/// <para>
/// Bounded for the suite (<c>KAM_FUZZ_REQUESTS</c>, default 1,500, and <c>KAM_FUZZ_SECONDS</c>, default 40);
/// <c>KAM_FUZZ_SEED</c> picks the seed (default fixed, so the suite is repeatable); <c>KAM_FUZZ_TRACE=1</c> prints every request. <c>scripts/fuzz.sh</c> runs it longer
/// with fresh seeds; a failure prints the seed and the requests that failed.
/// </para>
/// </summary>
public sealed class FuzzTests(AppFixture app, ITestOutputHelper output) : ApiTest(app)
{
    private const ulong DefaultSeed = 20261203;

    [Fact]
    public async Task no_generated_request_gets_a_5xx_an_error_that_is_not_a_problem_or_an_answer_with_internals()
    {
        var requests = Setting("KAM_FUZZ_REQUESTS", 1500);
        var seconds = Setting("KAM_FUZZ_SECONDS", 40);
        var trace = Environment.GetEnvironmentVariable("KAM_FUZZ_TRACE") == "1";
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("KAM_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

        var api = await ApiDocument.LoadAsync(Host);
        api.Operations.Count.ShouldBeGreaterThan(50, "the document lists the operations");
        var fuzzer = new Fuzzer(api, await KnownIdsAsync(), TestCallers.Bearer("fuzz-reader", Roles.Reader));
        using var client = App.CreateClient();
        App.Logs.Clear();

        var random = new PCG(13, seed);
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var errors = 0;
        var watch = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < requests && watch.Elapsed < TimeSpan.FromSeconds(seconds); sent++)
        {
            var request = fuzzer.Next(random);
            var before = request.Method == "POST" ? await Given.EventCount() : 0;
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var wrong = AnswerChecks.Verdict(status, response.Content.Headers.ContentType?.ToString(), body);
            if (wrong is null && status >= 400 && request.Method == "POST" && await Given.EventCount() != before)
            {
                wrong = $"answered {status} but appended events";
            }

            errors += status >= 400 ? 1 : 0;
            if (trace)
            {
                output.WriteLine($"#{sent} {status} {request} => {body[..Math.Min(body.Length, 200)]}");
            }

            if (wrong is not null)
            {
                var kind = status >= 500 ? "5xx" : status >= 400 && !wrong.Contains("internals", StringComparison.Ordinal) ? "not a problem" : "internals";
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                if (failures.Count < 20)
                {
                    failures.Add($"#{sent} {wrong}: {request} => {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }

        output.WriteLine($"seed {seed}: {sent} requests over {api.Operations.Count} operations in {watch.Elapsed.TotalSeconds:F1} s; " +
            $"statuses {string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}"))}; {errors} error answers, wrong: " +
            (kinds.Count == 0 ? "none" : string.Join(", ", kinds.Select(p => $"{p.Key}: {p.Value}"))));
        failures.ShouldBeEmpty($"seed {seed}");
        sent.ShouldBeGreaterThan(Math.Min(requests, 200), "the run covers enough requests to mean something");

        // A client's mistakes are not the service's errors: nothing at Error, and no stack trace at any level.
        var logged = App.Logs.Entries;
        logged.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ShouldBeEmpty();
        logged.Where(e => e.Exception is not null).Select(e => $"{e.Level} {e.Category}: {e.Message}").ShouldBeEmpty();
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>One of each thing a route can name, made through the API.</summary>
    private async Task<KnownIds> KnownIdsAsync()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var commitment = await Given.Promise(cast, CommitmentScenarios.Discount(cast, 5m, RelationshipScenarios.D(10, 1), RelationshipScenarios.D(12, 1)));
        var interaction = await Given.Meeting(cast.AccountId, InteractionScenarios.DaysAgo(3), [CommitmentScenarios.Anna], [cast.Cfo]);
        var note = await Given.Note(cast.AccountId, "Budget talks start in March", CommitmentScenarios.Anna, [cast.Cfo]);
        var competitor = await Host.Scenario(x =>
        {
            x.Post.Json(new NoteCompetitor { Name = "Acme Forest Systems", Where = "Kemi mill" }).ToUrl($"/api/accounts/{cast.AccountId}/competitors");
            x.StatusCodeShouldBe(200);
        });
        return new KnownIds(new Dictionary<string, string>
        {
            ["accountId"] = cast.AccountId.ToString(),
            ["stakeholderId"] = cast.Cfo.ToString(),
            ["personId"] = CommitmentScenarios.Anna,
            ["commitmentId"] = commitment.CommitmentId.ToString(),
            ["interactionId"] = interaction.ToString(),
            ["noteId"] = note.ToString(),
            ["competitorId"] = (await competitor.ReadAsJsonAsync<CompetitorRecorded>()).CompetitorId.ToString(),
        });
    }
}
