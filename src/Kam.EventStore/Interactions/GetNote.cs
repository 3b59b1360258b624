using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Kam.EventStore.Interactions;

public static class GetNoteEndpoint
{
    /// <summary>One note about the account.</summary>
    [WolverineGet("/api/accounts/{accountId}/notes/{noteId}", OperationId = "GetNote")]
    [Tags("Notes")]
    [ProducesResponseType<Note>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid accountId, Guid noteId, IQuerySession session, CancellationToken cancellation)
    {
        var note = await session.LoadAsync<Note>(noteId, cancellation);
        return note is null || note.AccountId != accountId
            ? Results.Problem(Problems.NotFound("Note", noteId))
            : Results.Ok(note);
    }
}
