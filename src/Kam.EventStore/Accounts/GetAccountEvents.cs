using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Accounts;

public static class GetAccountEventsEndpoint
{
    /// <summary>The raw history of an account's stream, in stream order, with provenance.</summary>
    /// <remarks>
    /// Every event as recorded: type, data (in the type's current shape), version, global sequence, business time
    /// (<c>occurredAt</c>), recorded time, recorded by and correlation id. Paged by version: pass <c>next</c> as <c>cursor</c>.
    /// </remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="cursor">The <c>next</c> of the previous page.</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    [WolverineGet("/api/accounts/{accountId}/events", OperationId = "GetAccountEvents")]
    [Tags("Accounts")]
    [ProducesResponseType<Page<RecordedEvent>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        Guid accountId, IQuerySession session, CancellationToken cancellation, string? cursor = null, int? limit = null)
    {
        var problem = Paging.Read<VersionPosition>(cursor, limit, out var after, out var take);
        if (Problems.Found(problem))
        {
            return Results.Problem(problem);
        }

        var fromVersion = after?.Version ?? 0;
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == accountId && e.Version > fromVersion)
            .OrderBy(e => e.Version)
            .Take(take + 1)
            .ToListAsync(cancellation);

        if (events.Count == 0 && await session.Events.FetchStreamStateAsync(accountId, cancellation) is null)
        {
            return Results.Problem(Problems.NotFound("Key account", accountId));
        }

        var items = events.Take(take).Select(RecordedEvent.From).ToList();
        var next = events.Count > take ? Paging.Encode(new VersionPosition(items[^1].Version)) : null;
        return Results.Ok(new Page<RecordedEvent>(items, next));
    }

    /// <summary>Where the previous page of a stream ended.</summary>
    public sealed record VersionPosition(long Version);
}
