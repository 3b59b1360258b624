using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Kam.EventStore.People;

public static class GetPersonEndpoint
{
    /// <summary>A person as the directory shows them: current profile, its history, departure and authority over time.</summary>
    /// <remarks>
    /// The person id may be given in any case. Answers with the person's <c>version</c>, also as a strong <c>ETag</c>;
    /// send it back as <c>If-Match</c> (or the body's <c>version</c>) on a write to make it conditional.
    /// <c>If-None-Match</c> with the current ETag answers 304.
    /// </remarks>
    /// <param name="personId">Employee id or e-mail address.</param>
    [WolverineGet("/api/people/{personId}", OperationId = "GetPerson")]
    [Tags("People")]
    [ProducesResponseType<Person>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string personId, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        var person = await session.LoadAsync<Person>(PersonIds.StreamId(personId), cancellation);
        if (person is null)
        {
            return Results.Problem(Problems.NotFound("Person", PersonIds.Normalize(personId)));
        }

        var etag = ExpectedVersion.ETag(person.Version);
        context.Response.Headers[HeaderNames.ETag] = etag;
        return context.Request.Headers[HeaderNames.IfNoneMatch].ToString() == etag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Ok(person);
    }
}
