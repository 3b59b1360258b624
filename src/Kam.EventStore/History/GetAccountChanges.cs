using System.Text.Json;
using System.Text.Json.Nodes;
using Kam.EventStore.Portfolio;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.History;

/// <summary>What changed on an account between two recorded instants.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="From">The earlier instant (exclusive).</param>
/// <param name="To">The later instant (inclusive).</param>
/// <param name="Differences">How the account view at <c>to</c> differs from the view at <c>from</c>: status, role history, commitments, sales, plans and projects.</param>
/// <param name="Events">The account's events recorded in between (from every stream), in the order they were recorded: this page of them.</param>
/// <param name="Next">Pass as <c>cursor</c> (with the same <c>from</c> and <c>to</c>) for the next page of events; null on the last.</param>
public sealed record AccountChanges(
    Guid AccountId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ViewDifference> Differences, IReadOnlyList<RecordedEvent> Events, string? Next);

/// <summary>One value that differs between two views of an account.</summary>
/// <param name="Path">Where, as a JSON Pointer into the view (<c>/status/tier</c>, <c>/roles/managers/0/to</c>, <c>/commitments/{id}/status</c>, <c>/plans/{id}/signOffs/0</c>, <c>/projects/{id}/milestones/1/dueOn</c>).</param>
/// <param name="Before">The value at <c>from</c>; absent when it did not exist then.</param>
/// <param name="After">The value at <c>to</c>; absent when it no longer exists.</param>
public sealed record ViewDifference(string Path, JsonNode? Before, JsonNode? After);

public static class GetAccountChangesEndpoint
{
    /// <summary>Where the previous page of events ended.</summary>
    public sealed record Position(long Sequence);

    /// <summary>What changed on an account between two recorded instants: the events recorded in between, and their effect.</summary>
    /// <remarks>
    /// The events of the account recorded after <c>from</c> and by <c>to</c> (recorded time, from every stream of the account,
    /// paged in the order they were recorded), and the differences between the account view as recorded by <c>from</c> and as
    /// recorded by <c>to</c> (see <c>GET /api/accounts/{accountId}/view</c>): every value of the status, the role history and the
    /// commitments that changed, with its value before and after. Backdated facts recorded in between are among them, which is
    /// how an auditor sees a history being rewritten after the fact.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="from">The earlier recorded time (ISO 8601), exclusive.</param>
    /// <param name="to">The later recorded time (ISO 8601), inclusive; default now.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Events per page, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/changes", OperationId = "GetAccountChanges")]
    [Tags("History")]
    [ProducesResponseType<AccountChanges>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, TimeProvider clock, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellation,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<Position>(cursor, limit, out var after, out var take);
        var errors = new FieldErrors();
        if (from is null)
        {
            errors.Add("from", "Required: the earlier recorded time (ISO 8601).");
        }

        var until = PastViews.Instant(to, clock);
        if (from >= until)
        {
            errors.Add("to", "Must be after from (and from before now).");
        }

        if (Problems.Found(problem) || errors.Any)
        {
            return Results.Problem(Problems.Found(problem) ? problem : errors.ToProblem());
        }

        var since = from!.Value.ToUniversalTime();
        var views = await AccountViewReads.AsOfAsync(session, [accountId], since, cancellation);
        var later = await AccountViewReads.AsOfAsync(session, accountId, until, cancellation);
        if (later is null)
        {
            return Results.Problem(GetAccountViewEndpoint.NotYet(accountId, until));
        }

        var events = await AccountViewReads.RecordedBetweenAsync(session, accountId, since, until, after?.Sequence ?? 0, take + 1, cancellation);
        var page = events.Take(take).Select(e => RecordedEvent.From(e).ShownTo(user)).ToList();
        return Results.Ok(new AccountChanges(
            accountId, since, until, ViewDifferences.Between(views.GetValueOrDefault(accountId), later), page,
            events.Count > take ? Paging.Encode(new Position(page[^1].Sequence)) : null));
    }
}

/// <summary>The differences between two account views, value by value.</summary>
public static class ViewDifferences
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static IReadOnlyList<ViewDifference> Between(AccountView? before, AccountView after)
    {
        var differences = new List<ViewDifference>();
        Compare("", Subject(before), Subject(after), differences);
        return differences;
    }

    // What a reader compares: the status (with the commitment counts), the role history, each commitment by id, the sales, each plan and project by id.
    private static JsonNode? Subject(AccountView? view) => view is null
        ? null
        : JsonSerializer.SerializeToNode(new
        {
            status = PastViews.StatusOf(view), roles = view.Roles, commitments = view.Commitments, sales = view.Sales, plans = view.Plans, projects = view.Projects,
        }, Options);

    private static void Compare(string path, JsonNode? before, JsonNode? after, List<ViewDifference> differences)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var key in b.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    Compare($"{path}/{Escape(key)}", b[key], a[key], differences);
                }

                break;
            case (JsonArray b, JsonArray a):
                for (var i = 0; i < Math.Max(b.Count, a.Count); i++)
                {
                    Compare($"{path}/{i}", i < b.Count ? b[i] : null, i < a.Count ? a[i] : null, differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    differences.Add(new ViewDifference(path.Length == 0 ? "/" : path, before?.DeepClone(), after?.DeepClone()));
                }

                break;
        }
    }

    // JSON Pointer (RFC 6901) escaping of a member name.
    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }
}
