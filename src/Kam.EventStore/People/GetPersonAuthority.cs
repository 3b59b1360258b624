using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.People;

public static class GetPersonAuthorityEndpoint
{
    /// <summary>The authority a person held on a date: the grant in force then.</summary>
    /// <remarks>
    /// The latest grant effective on or before <c>on</c> (default: today). 404 with rule <c>no-authority</c> when none
    /// was in force: before the first grant, or after the person's last day with us.
    /// </remarks>
    /// <param name="personId">Employee id or e-mail address.</param>
    /// <param name="on">The date, <c>YYYY-MM-DD</c>; default today (UTC).</param>
    [WolverineGet("/api/people/{personId}/authority", OperationId = "GetPersonAuthority")]
    [Tags("People")]
    [ProducesResponseType<AuthorityGrant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(
        string personId, IQuerySession session, TimeProvider clock, CancellationToken cancellation, string? on = null)
    {
        var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (on is not null && !DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return Results.Problem(Problems.Invalid("on", "Must be a date, YYYY-MM-DD."));
        }

        var person = await session.LoadAsync<Person>(PersonIds.StreamId(personId), cancellation);
        if (person is null)
        {
            return Results.Problem(Problems.NotFound("Person", PersonIds.Normalize(personId)));
        }

        if (person.AuthorityOn(date) is { } grant)
        {
            return Results.Ok(grant);
        }

        var why = person.LeftOn < date
            ? $"{person.PersonId} left the company on {person.LeftOn:yyyy-MM-dd}."
            : $"No authority grant for {person.PersonId} was in force on {date:yyyy-MM-dd}.";
        return Results.Problem(Problems.Make(StatusCodes.Status404NotFound, "no-authority", "No authority on that date.", why));
    }
}
