using Xunit.Abstractions;

namespace Kam.EventStore.Tests.Architecture;

/// <summary>
/// Area folders do not use each other in cycles: a cycle means neither area can be read, changed or tested without the
/// other. Each dependency that still closes a cycle is on <see cref="Allowed"/> with the reason it stays (also in
/// docs/patterns.md); a new cycle fails here, naming the types that make it.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    /// <summary>The dependencies allowed to close a cycle, each with why it stays (<c>*</c>: every area the first one uses).</summary>
    public static readonly IReadOnlyList<(string From, string To, string Why)> Allowed =
    [
        ("History", "*",
            "The whole-account view (AccountView) holds each area's state and folds each area's events, so that every view now and as of " +
            "an instant is one loader (issue 14.2); each area's past reads then go through it (PastViews, AccountViewReads)."),
        ("Accounts", "Portfolio",
            "A designation's duplicate check reads the registry ids held by the status documents, whose unique index settles racing " +
            "designations in the same transaction (AccountRegistry)."),
        ("Portfolio", "Health",
            "The account list filters and sorts by today's health band (the health rows), while health signals read the account's status " +
            "and activity."),
        ("Relationships", "Interactions",
            "The erasure of a stakeholder's personal data masks it in every interaction and note that names them, and the relationship " +
            "map shows the contacts; interactions check their participants against the account's roles."),
        ("Relationships", "Portfolio",
            "The role commands load the account's status with their aggregate, in one round trip, because the inline status projection " +
            "folds their events into it (Hosting/WriteSessions keeps it in the session for that projection)."),
        ("Relationships", "Timeline",
            "The same erasure masks the stakeholder's data in the timeline's rows, which the timeline titles from relationship events."),
    ];

    private static IEnumerable<(string From, string To)> AllowedEdges => Allowed.SelectMany(a => a.To == "*"
        ? Graph.Edges.Keys.Where(e => e.From == a.From)
        : [(a.From, a.To)]);

    private static readonly FolderGraph Graph = FolderGraph.Read(typeof(Program).Assembly.Location);

    [Fact]
    public void area_folders_use_each_other_in_no_cycle_but_the_allowed_ones()
    {
        output.WriteLine(Graph.Matrix());
        var cycles = Graph.Cycles(AllowedEdges);
        var described = cycles.Select(areas => string.Join("\n", Graph.Edges
            .Where(e => areas.Contains(e.Key.From) && areas.Contains(e.Key.To))
            .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
            .Select(e => $"  {e.Key.From} -> {e.Key.To}: {string.Join("; ", e.Value.Take(4))}{(e.Value.Count > 4 ? $" (+{e.Value.Count - 4})" : "")}")));
        cycles.ShouldBeEmpty("these areas use each other in a cycle: move the shared piece to its real home, or allow the edge with a reason\n" +
            string.Join("\n\n", described));
    }

    [Fact]
    public void every_allowed_dependency_still_exists()
    {
        Allowed.Where(a => !Graph.Edges.Keys.Any(e => e.From == a.From && (a.To == "*" || e.To == a.To))).Select(a => $"{a.From} -> {a.To}")
            .ShouldBeEmpty("gone from the code: take it off the allowed list");
    }

    [Fact]
    public void the_graph_sees_dependencies_through_signatures_and_method_bodies()
    {
        // Guards the reader itself: known uses of each kind must show up, or an empty graph would pass the cycle test.
        Graph.Areas.Count.ShouldBeGreaterThan(10);
        Graph.Edges.Keys.ShouldContain(("Commitments", "Domain"), "commitment events are account events (interfaces, signatures)");
        Graph.Edges.Keys.ShouldContain(("Hosting", "Accounts"), "the store's setup registers the account stream (a method body)");
        Graph.Edges.Keys.ShouldContain(("Timeline", "Sales"), "the timeline's titles call the sales titles (a method body)");
        Graph.Edges.Keys.Count(e => e.To == "Api").ShouldBeGreaterThan(10, "every area answers problems through the HTTP conventions (method bodies)");
    }
}
