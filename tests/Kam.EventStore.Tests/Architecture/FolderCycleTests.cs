using Xunit.Abstractions;

namespace Kam.EventStore.Tests.Architecture;

/// <summary>
/// Area folders do not use each other in cycles: a cycle means neither area can be read, changed or tested without the
/// other. Each dependency that still closes a cycle is on <see cref="Allowed"/> with the reason it stays (also in
/// docs/patterns.md); a new cycle fails here, naming the types that make it.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    /// <summary>The dependencies allowed to close a cycle, each with why it stays.</summary>
    public static readonly IReadOnlyList<(string From, string To, string Why)> Allowed = [];

    private static readonly FolderGraph Graph = FolderGraph.Read(typeof(Program).Assembly.Location);

    [Fact]
    public void area_folders_use_each_other_in_no_cycle_but_the_allowed_ones()
    {
        output.WriteLine(Graph.Matrix());
        var cycles = Graph.Cycles(Allowed.Select(a => (a.From, a.To)));
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
        Allowed.Where(a => !Graph.Edges.ContainsKey((a.From, a.To))).Select(a => $"{a.From} -> {a.To}")
            .ShouldBeEmpty("gone from the code: take it off the allowed list");
    }

    [Fact]
    public void the_graph_sees_dependencies_through_signatures_and_method_bodies()
    {
        // Guards the reader itself: known uses of each kind must show up, or an empty graph would pass the cycle test.
        Graph.Areas.Count.ShouldBeGreaterThan(10);
        Graph.Edges.Keys.ShouldContain(("Commitments", "Accounts"), "commitment events are account events (an interface)");
        Graph.Edges.Keys.Count(e => e.To == "Api").ShouldBeGreaterThan(10, "every area answers problems through the HTTP conventions (method bodies)");
    }
}
