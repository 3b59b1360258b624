using Marten;

namespace Kam.EventStore.Api;

/// <summary>
/// A client may send <c>X-Correlation-ID</c> to tie the events a request records to its own logs (a CRM sync
/// run, a batch import). Without one, the request's trace id is used. Applied to every write endpoint.
/// </summary>
public static class CorrelationIds
{
    public const string Header = "X-Correlation-ID";

    public static void Before(IDocumentSession session, HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        if (given.Length is > 0 and <= 128 && !given.Any(char.IsControl))
        {
            session.CorrelationId = given;
        }

        if (session.CorrelationId is { Length: > 0 } id)
        {
            context.Response.Headers[Header] = id;
        }
    }
}
