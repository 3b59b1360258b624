using System.Data;
using Kam.EventStore.Portfolio;
using Marten;

namespace Kam.EventStore.Hosting;

/// <summary>
/// The sessions commands write through: lightweight (no change tracking), except that an <see cref="AccountStatus"/> loaded in the
/// session is kept in its identity map. A write to an account folds its events into the account's status inline, and Marten's
/// inline projection then takes the status from the identity map instead of reading it again: a command that loads the status
/// with its aggregate (<c>[Entity(Required = false)]</c>, batched by Wolverine with <c>[WriteAggregate]</c>) saves a round trip
/// to PostgreSQL. The status is read before the transaction either way; the stream version checked at commit still guards the write.
/// </summary>
/// <remarks>
/// Deliberately not a <see cref="SessionFactoryBase"/>: Wolverine's outbox builds sessions from such a factory's options and would
/// bypass <see cref="OpenSession"/>.
/// </remarks>
public sealed class WriteSessions(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession(IsolationLevel.ReadCommitted);
        session.UseIdentityMapFor<AccountStatus>();
        return session;
    }
}
