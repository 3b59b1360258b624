using JasperFx.Events;
using Kam.EventStore.History;
using Marten;
using Weasel.Core;

namespace Kam.EventStore.Tests.History;

/// <summary>
/// What the property tests build their models from: events wrapped as the store would hand them over, views copied
/// through the store's own serializer, and the checkpoints (and tip) the projection would keep for an account, by the
/// projection's own step (<see cref="AccountCheckpoints.Follow"/>).
/// </summary>
public static class CheckpointModel
{
    public static readonly Marten.ISerializer Serializer = CreateSerializer();

    public static IEvent Wrap(IAccountEvent data, Guid stream, long version, long sequence, DateTimeOffset recordedAt)
    {
        var wrapped = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        wrapped.StreamId = stream;
        wrapped.Version = version;
        wrapped.Sequence = sequence;
        wrapped.Timestamp = recordedAt;
        return wrapped;
    }

    /// <summary>A deep copy, as a view read back from its checkpoint would be.</summary>
    public static AccountView Copy(AccountView view) =>
        Serializer.FromJson<AccountView>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Serializer.ToJson(view))));

    /// <summary>The checkpoints and the tip the projection keeps for <paramref name="account"/> over <paramref name="events"/>.</summary>
    public static List<AccountViewCheckpoint> Checkpoints(Guid account, IEnumerable<IEvent> events)
    {
        var view = AccountView.Empty(account);
        var kept = new List<AccountViewCheckpoint>();
        foreach (var e in events.Where(e => e.Data is IAccountEvent fact && fact.AccountId == account))
        {
            if (AccountCheckpoints.Follow(view, e, Copy) is { } checkpoint)
            {
                kept.Add(checkpoint);
            }
        }

        kept.Add(AccountCheckpoints.Of(Copy(view), tip: true, Copy));
        return kept;
    }

    private static Marten.ISerializer CreateSerializer()
    {
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        return options.Serializer();
    }
}
