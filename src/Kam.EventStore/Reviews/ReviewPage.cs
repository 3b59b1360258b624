using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kam.EventStore.Reviews;

/// <summary>
/// A review as a printable HTML page: the content of the JSON download, section by section, with its verification. Values that
/// show masked because the stakeholder's personal data was erased are marked and listed. One inline style sheet (allowed by its
/// hash in the page's Content-Security-Policy), no script, A4 print layout.
/// </summary>
public static class ReviewPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;line-height:1.4}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:1.6rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;vertical-align:top;padding:.25rem .4rem;border-bottom:1px solid #e3e6ea}
        th{background:#f4f6f8}.meta{color:#555;font-size:.9rem}.band{font-weight:700;padding:.1rem .5rem;border-radius:.3rem;background:#eef}
        .masked{background:#fff3cd;outline:1px dashed #b58a00}.commentary{white-space:pre-wrap;border-left:3px solid #99a;padding-left:.8rem}
        .verdict{padding:.6rem .8rem;border:1px solid #ccd;border-radius:.3rem;background:#f8f9fb}code{font-size:.8rem;word-break:break-all}
        @page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
        """;

    /// <summary>The page's Content-Security-Policy: nothing but its own style sheet.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static string Render(RegeneratedReview review)
    {
        var content = JsonNode.Parse(review.Document.Content)!.AsObject();
        var masked = review.Verification.MaskedFields.ToHashSet(StringComparer.Ordinal);
        var html = new StringBuilder();
        string V(string path)
        {
            var node = Node(content, path);
            var text = node is null ? "—" : node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();
            return masked.Contains(path) ? $"<span class=\"masked\" title=\"Erased at the stakeholder's request\">{E(text)}</span>" : E(text);
        }

        var account = content["account"]!;
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Account review: {E(Text(account["name"]))} on {E(Text(content["on"]))}</title>
            <style>{Style}</style></head><body>
            <h1>Account review: {V("/account/name")}</h1>
            <p class="meta">Of {E(Text(content["on"]))}, as recorded at {E(Text(content["asOf"]))}. Issued by {E(Text(content["issued"]!["by"]))} at {E(Text(content["issued"]!["at"]))}.
            Review {E(Text(content["reviewId"]))}, account {E(Text(content["accountId"]))}.</p>
            <div class="verdict"><strong>{E(review.Verification.Verdict.ToString())}</strong>: {E(review.Verification.Explanation)}<br>
            SHA-256 as issued <code>{E(review.Verification.ContentSha256)}</code>; regenerated <code>{E(review.Verification.RegeneratedSha256)}</code>.
            """);
        if (masked.Count > 0)
        {
            html.Append("<br>Masked (personal data erased): ").Append(string.Join(", ", masked.Order(StringComparer.Ordinal).Select(p => $"<code>{E(p)}</code>")));
        }

        html.Append("</div>");

        html.Append("<h2>Status</h2><table>");
        foreach (var (label, path) in new[] { ("Registry id", "registryId"), ("Segment", "segment"), ("Tier", "tier"), ("Designated on", "designatedOn"), ("Status", "status"), ("Why", "statusReason"), ("Designation ended", "endedOn") })
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{label}</th><td>{V($"/account/{path}")}</td></tr>");
        }

        html.Append("</table>");

        var roles = content["roles"]!;
        html.Append(CultureInfo.InvariantCulture, $"<h2>Roles and coverage</h2><p>KAM {V("/roles/kam")} since {V("/roles/kamSince")}; reports to {V("/roles/kamManager")}.</p>");
        html.Append("<table><tr><th>Stakeholder</th><th>Title</th><th>Level</th><th>Buying role</th><th>Stance</th><th>Links</th></tr>");
        var stakeholders = roles["stakeholders"]!.AsArray();
        for (var i = 0; i < stakeholders.Count; i++)
        {
            var links = string.Join(", ", stakeholders[i]!["links"]!.AsArray().Select(l => $"{E(Text(l!["personId"]))} ({E(Text(l!["strength"]))})"));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{V($"/roles/stakeholders/{i}/name")}</td><td>{V($"/roles/stakeholders/{i}/title")}</td><td>{V($"/roles/stakeholders/{i}/level")}</td><td>{V($"/roles/stakeholders/{i}/buyingRole")}</td><td>{V($"/roles/stakeholders/{i}/stance")}</td><td>{(links.Length == 0 ? "—" : links)}</td></tr>");
        }

        html.Append("</table>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p>Team: {E(string.Join(", ", roles["team"]!.AsArray().Select(t => $"{Text(t!["personId"])} ({Text(t!["role"])})")))}. Competitors: {E(string.Join(", ", roles["competitors"]!.AsArray().Select(c => Text(c!["name"]))))}.</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p>Levels linked: {V("/coverage/levelsLinked")}; without a link: {V("/coverage/levelsWithoutLink")}; decision makers without a strong link: {V("/coverage/decisionMakersWithoutStrongLink")}; single-threaded: {V("/coverage/singleThreaded")}.</p>");

        html.Append(CultureInfo.InvariantCulture, $"<h2>Commitments</h2><p>Open {V("/commitments/open")}, pending approval {V("/commitments/pendingApproval")}, kept on time {V("/commitments/onTimeSharePercent")} %.</p>");
        foreach (var (title, path) in new[] { ("Overdue", "overdue"), ("Kept since the previous review", "keptSincePrevious"), ("Broken since the previous review", "brokenSincePrevious") })
        {
            var rows = content["commitments"]![path]!.AsArray();
            html.Append(CultureInfo.InvariantCulture, $"<h3>{title}</h3>");
            html.Append(rows.Count == 0 ? "<p>None.</p>" : "<table><tr><th>Promise</th><th>Owner</th><th>Due</th><th>Closed</th></tr>"
                + string.Concat(rows.Select(r => $"<tr><td>{E(Text(r!["description"]))}</td><td>{E(Text(r!["owner"]))}</td><td>{E(Text(r!["dueOn"]))}</td><td>{E(Text(r!["closedOn"]))}</td></tr>")) + "</table>");
        }

        html.Append("<h2>Results against budget</h2>");
        html.Append(content["results"] is null ? "<p>No budget covers the date.</p>" : string.Create(CultureInfo.InvariantCulture,
            $"<table><tr><th>Period</th><td>{V("/results/period/from")} – {V("/results/period/to")}</td></tr><tr><th>Budget</th><td>{V("/results/budget")} {V("/results/currency")}</td></tr><tr><th>Actual</th><td>{V("/results/actual")} ({V("/results/attainmentPercent")} %)</td></tr><tr><th>Forecast</th><td>{V("/results/forecast")} ({V("/results/forecastAttainmentPercent")} %)</td></tr><tr><th>Won / lost</th><td>{V("/results/won/count")} / {V("/results/lost/count")}</td></tr></table>"));

        html.Append("<h2>Account plans</h2>");
        var plans = content["plans"]!.AsArray();
        html.Append(plans.Count == 0 ? "<p>No plan in force.</p>" : "");
        foreach (var plan in plans)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(Text(plan!["title"]))}</strong> ({E(Text(plan["status"]))}, version {E(Text(plan["version"]))}), open actions {E(Text(plan["openActions"]))}.</p>");
            html.Append("<table><tr><th>Objective</th><th>Baseline</th><th>Target</th><th>Due</th><th>Latest</th><th>Attainment %</th></tr>");
            html.Append(string.Concat(plan["objectives"]!.AsArray().Select(o =>
                $"<tr><td>{E(Text(o!["description"]))}</td><td>{E(Text(o["baseline"]))}</td><td>{E(Text(o["target"]))}</td><td>{E(Text(o["dueOn"]))}</td><td>{E(Text(o["value"]))}</td><td>{E(Text(o["attainmentPercent"]))}</td></tr>")));
            html.Append("</table>");
        }

        html.Append("<h2>Joint projects</h2>");
        var projects = content["projects"]!.AsArray();
        html.Append(projects.Count == 0 ? "<p>None.</p>" : "<table><tr><th>Project</th><th>Status</th><th>Colour</th><th>Late milestones</th><th>Open risks (high)</th><th>Open issues</th></tr>"
            + string.Concat(projects.Select(p => $"<tr><td>{E(Text(p!["name"]))}</td><td>{E(Text(p["status"]))}</td><td>{E(Text(p["rag"]))}</td><td>{E(string.Join(", ", p["lateMilestones"]!.AsArray().Select(m => $"{Text(m!["name"])} (due {Text(m["dueOn"])})")))}</td><td>{E(Text(p["openRisks"]))} ({E(Text(p["openHighRisks"]))})</td><td>{E(Text(p["openIssues"]))}</td></tr>")) + "</table>");

        html.Append(CultureInfo.InvariantCulture,
            $"<h2>Health</h2><p>Score <strong>{V("/health/score")}</strong> <span class=\"band\">{V("/health/band")}</span> under formula version {V("/health/formulaVersion")}.</p>");
        html.Append("<table><tr><th>Signal</th><th>Value</th><th>What it counted</th><th>Points</th><th>Weight</th><th>Contribution</th></tr>");
        foreach (var signal in content["health"]!["signals"]!.AsArray())
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(Text(signal!["signal"]))}</td><td>{E(Text(signal["value"]))}</td><td>{E(Text(signal["detail"]))}</td><td>{E(Text(signal["points"]))}</td><td>{E(Text(signal["weight"]))}</td><td>{E(Text(signal["contribution"]))}</td></tr>");
        }

        html.Append("</table>");

        var differences = content["changes"]!["differences"]!.AsArray();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Changes since the previous review</h2><p>Since {V("/changes/since")}.</p>");
        html.Append(differences.Count == 0 ? "<p>None (no previous review, or nothing changed).</p>" : "<table><tr><th>What</th><th>Before</th><th>After</th></tr>");
        for (var i = 0; i < differences.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{E(Text(differences[i]!["path"]))}</code></td><td>{Difference(differences[i]!["before"], $"/changes/differences/{i}/before", masked)}</td><td>{Difference(differences[i]!["after"], $"/changes/differences/{i}/after", masked)}</td></tr>");
        }

        html.Append(differences.Count == 0 ? "" : "</table>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Commentary</h2><div class=\"commentary\">{V("/commentary")}</div></body></html>");
        return html.ToString();
    }

    // A value of the changes section: masked as a whole when any personal value within it was erased.
    private static string Difference(JsonNode? node, string path, HashSet<string> masked)
    {
        var text = node is null ? "—" : node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        return masked.Any(m => m == path || m.StartsWith(path + "/", StringComparison.Ordinal))
            ? $"<span class=\"masked\" title=\"Contains values erased at the stakeholder's request\">{E(text)}</span>"
            : E(text);
    }

    private static JsonNode? Node(JsonNode root, string path) =>
        path.Split('/').Skip(1).Aggregate((JsonNode?)root, (node, part) => node switch
        {
            JsonObject o => o[part],
            JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
            _ => null,
        });

    private static string Text(JsonNode? node) => node is null ? "—" : node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
