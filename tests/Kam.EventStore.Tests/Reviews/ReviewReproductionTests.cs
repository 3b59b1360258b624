using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Kam.EventStore.Reviews;
using Kam.EventStore.Tests.Health;
using Kam.EventStore.Tests.History;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using static Kam.EventStore.Tests.Health.DeclineAndRecovery;

namespace Kam.EventStore.Tests.Reviews;

/// <summary>
/// An issued review is regenerated from the events byte for byte: after more events (backdated ones into the period it covers
/// included), a new formula version, a rebuild of every projection; and after an erasure of a stakeholder's personal data it
/// differs from what was issued exactly where that stakeholder's values stand, which show masked and are listed as such, while
/// the skeleton's SHA-256 still proves everything else.
/// </summary>
public sealed class ReviewReproductionTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task an_issued_review_regenerates_byte_for_byte_after_more_events_a_rebuild_and_an_erasure_shows_only_the_erased_values_masked()
    {
        var story = new DeclineAndRecovery();
        await Tellings.RecordAfterwards(App, story.Steps(App));
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        // The first quarter's review (Maria still the CFO), then the half year's (Maria gone, Pekka arrived), changes since the first.
        var first = await Given.Review(story.Account, new IssueAccountReview { On = D(3, 31), Commentary = "Strong start: Maria backs the 2027 price list." });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Given.Review(story.Account, new IssueAccountReview { On = D(6, 30), Commentary = "Maria left; the audit report was late.\nPekka, the new CFO, is on our side." });
        var firstIssued = await Given.Download(first.ReviewId);
        var secondIssued = await Given.Download(second.ReviewId);
        CanonicalJson.Sha256(firstIssued.Bytes).ShouldBe(first.ContentSha256);
        CanonicalJson.Sha256(secondIssued.Bytes).ShouldBe(second.ContentSha256);
        secondIssued.Headers.GetValues("Kam-Review-Verdict").Single().ShouldBe("Identical");
        secondIssued.Headers.GetValues("Repr-Digest").Single().ShouldBe($"sha-256=:{Convert.ToBase64String(Convert.FromHexString(second.ContentSha256))}:");

        // What the review says: of 30 June, since the review of 31 March.
        var content = JsonNode.Parse(secondIssued.Bytes)!;
        content["on"]!.GetValue<string>().ShouldBe("2026-06-30");
        content["previousReview"]!["reviewId"]!.GetValue<string>().ShouldBe(first.ReviewId.ToString());
        content["health"]!["score"]!.GetValue<int>().ShouldBe(73, "30 June: 55 days since the meeting of 6 May, 46.05 points, 9.87 of 70");
        content["commitments"]!["brokenSincePrevious"]!.AsArray().Select(c => c!["description"]!.GetValue<string>()).ShouldBe(["Send the mill audit report"]);
        content["commitments"]!["keptSincePrevious"]!.AsArray().Select(c => c!["description"]!.GetValue<string>()).ShouldBe(["Pilot delivery to the Kaskinen mill"]);
        content["roles"]!["stakeholders"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Order().ShouldBe(["Olli Laine", "Pekka Salo"]);
        content["changes"]!["differences"]!.AsArray().ShouldNotBeEmpty();
        content["commentary"]!.GetValue<string>().ShouldBe("Maria left; the audit report was late.\nPekka, the new CFO, is on our side.");

        // More events, at the very instant the reviews were issued: a fact backdated into the half year, another meeting, a status change.
        await Tellings.Post(App, $"/api/accounts/{story.Account}/competitors",
            new NoteCompetitor { Name = "Papyrus Chemicals AB", Where = "Kaskinen mill", EffectiveOn = D(5, 1) });
        await Tellings.Post(App, $"/api/accounts/{story.Account}/status-changes",
            new Kam.EventStore.Accounts.ChangeAccountStatus { Status = Kam.EventStore.Accounts.AccountHealth.AtRisk, Reason = "Competitor at the mill" });
        await Given.Formula(HealthScenarios.ContactAndPromises);
        (await Given.Download(second.ReviewId)).Bytes.ShouldBe(secondIssued.Bytes, "after more events and a new formula version");
        (await Given.Download(first.ReviewId)).Bytes.ShouldBe(firstIssued.Bytes);

        // A rebuild of every projection: the reviews are generated from the events, not from what the projections kept.
        await Given.CheckpointsCaughtUp();
        var daemon = App.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var projection in ((Marten.StoreOptions)App.Store.Options).Projections.All)
        {
            await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        await Given.CheckpointsCaughtUp();
        (await Given.Download(second.ReviewId)).Bytes.ShouldBe(secondIssued.Bytes, "after a rebuild of every projection");
        (await Given.Download(first.ReviewId)).Bytes.ShouldBe(firstIssued.Bytes);

        // Maria asks to be forgotten. The first review named her: it now shows her masked, there and only there.
        await Tellings.Post(App, $"/api/accounts/{story.Account}/stakeholders/{story.Maria}/erasure",
            new EraseStakeholderPersonalData { Reason = "Erasure request GDPR-2026-077" });
        var erased = await Given.Download(first.ReviewId);
        erased.Bytes.ShouldNotBe(firstIssued.Bytes);
        erased.Headers.GetValues("Kam-Review-Verdict").Single().ShouldBe("IdenticalButErased");
        var verification = await Given.Verification(first.ReviewId);
        verification.Verdict.ShouldBe(ReviewVerdict.IdenticalButErased);
        verification.ContentSha256.ShouldBe(first.ContentSha256);
        verification.SkeletonSha256.ShouldBe(verification.RegeneratedSkeletonSha256, "everything but the erased values is proven unchanged");
        var issuedJson = JsonNode.Parse(firstIssued.Bytes)!;
        var maria = issuedJson["roles"]!["stakeholders"]!.AsArray().Select((s, i) => (s, i)).Single(x => x.s!["name"]!.GetValue<string>() == "Maria Korhonen").i;
        verification.MaskedFields.ShouldBe([$"/roles/stakeholders/{maria}/name", $"/roles/stakeholders/{maria}/title"]);
        var regenerated = JsonNode.Parse(erased.Bytes)!;
        regenerated["roles"]!["stakeholders"]![maria]!["name"]!.GetValue<string>().ShouldBe(StakeholderPersonalData.ErasedName);
        regenerated["roles"]!["stakeholders"]![maria]!["title"]!.GetValue<string>().ShouldBe(StakeholderPersonalData.Erased);

        // Put the erased values back where they were listed, and the bytes are the issued ones: nothing else moved.
        regenerated["roles"]!["stakeholders"]![maria]!["name"] = "Maria Korhonen";
        regenerated["roles"]!["stakeholders"]![maria]!["title"] = "CFO";
        CanonicalJson.Bytes(regenerated).ShouldBe(firstIssued.Bytes);

        // The half year's review did not name her: still the issued bytes. Erasing Pekka, whom it names (roles, and the changes since
        // March, where he arrived), masks him there.
        (await Given.Download(second.ReviewId)).Bytes.ShouldBe(secondIssued.Bytes, "Maria is not named in it");
        await Tellings.Post(App, $"/api/accounts/{story.Account}/stakeholders/{story.Pekka}/erasure",
            new EraseStakeholderPersonalData { Reason = "Erasure request GDPR-2026-078" });
        var pekka = await Given.Verification(second.ReviewId);
        pekka.Verdict.ShouldBe(ReviewVerdict.IdenticalButErased);
        pekka.MaskedFields.ShouldContain(f => f.StartsWith("/roles/stakeholders/", StringComparison.Ordinal) && f.EndsWith("/name", StringComparison.Ordinal));
        pekka.MaskedFields.ShouldContain(f => f.StartsWith("/changes/differences/", StringComparison.Ordinal) && f.EndsWith("/profile/name", StringComparison.Ordinal));
        var masked = JsonNode.Parse((await Given.Download(second.ReviewId)).Bytes)!;
        var original = JsonNode.Parse(secondIssued.Bytes)!;
        foreach (var field in pekka.MaskedFields)
        {
            Set(masked, field, At(original, field));
        }

        CanonicalJson.Bytes(masked).ShouldBe(secondIssued.Bytes, "the bytes differ from the issued ones only at the listed fields");

        // The printable page says the same.
        var page = await Host.Scenario(x => x.Get.Url($"/api/account-reviews/{first.ReviewId}/page"));
        var html = await page.ReadAsTextAsync();
        page.Context.Response.ContentType.ShouldBe("text/html; charset=utf-8");
        html.ShouldContain("IdenticalButErased");
        html.ShouldContain($"<span class=\"masked\" title=\"Erased at the stakeholder's request\">{StakeholderPersonalData.ErasedName}</span>");
        html.ShouldContain($"<code>/roles/stakeholders/{maria}/name</code>");
        html.ShouldNotContain("Maria Korhonen");
    }

    private static JsonNode? At(JsonNode root, string pointer) =>
        pointer.Split('/').Skip(1).Aggregate((JsonNode?)root, (node, part) => node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : node![part])?.DeepClone();

    private static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.Split('/').Skip(1).ToList();
        var parent = parts.SkipLast(1).Aggregate((JsonNode?)root, (node, part) => node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : node![part]);
        if (parent is JsonArray array)
        {
            array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent!.AsObject()[parts[^1]] = value;
        }
    }
}
