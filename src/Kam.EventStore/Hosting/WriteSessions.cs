using System.Data;
using Kam.EventStore.Portfolio;
using Kam.EventStore.Relationships;
using Marten;

namespace Kam.EventStore.Hosting;

/// <summary>
/// The sessions commands write through: lightweight (no change tracking), except that the documents the account stream's inline
/// projections fold into (<see cref="AccountStatus"/>, <see cref="AccountRoles"/>) are kept in the session's identity map once
/// loaded. Marten's inline projection then takes them from the identity map instead of reading them again: a command that loads
/// them with its aggregate (<c>[Entity(Required = false)]</c>, batched by Wolverine with <c>[WriteAggregate]</c>) saves a round
/// trip to PostgreSQL for each. They are read before the transaction either way; the stream version checked at commit still
/// guards the write.
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
        session.UseIdentityMapFor<AccountRoles>();
        return session;
    }
}
