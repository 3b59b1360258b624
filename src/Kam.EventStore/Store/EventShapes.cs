using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Services.Json.Transformations;

namespace Kam.EventStore.Store;

/// <summary>
/// Reading events stored in an older shape as the current type, under the same stored name (docs/event-versioning.md).
/// </summary>
/// <remarks>
/// Marten's own convention gives a new shape a new stored name (<c>PersonProfileChanged_v2</c>) and upcasts rows of the
/// old name. Our stored names are business names that the timeline shows as an entry's kind and that audits, exports and
/// clients filter on, so a shape change keeps the name. Then every row of that name, old and new, reaches the one
/// upcaster registered for it: it recognises an older shape by its JSON, rewrites it into the current one, and hands the
/// JSON to Marten's serializer, so the current shape is read exactly as before and the serializer's settings (enums as
/// names, dates) apply to both.
/// </remarks>
public static class EventShapes
{
    /// <summary>
    /// Reads every stored <typeparamref name="TEvent"/> through <paramref name="upgrade"/>: given the stored JSON (property
    /// names as stored, PascalCase), it rewrites an older shape into the current one in place and returns true, or returns
    /// false for JSON already in the current shape. One upgrade per event type, covering every older shape: Marten keeps
    /// only the first upcaster registered for a stored name.
    /// </summary>
    public static StoreOptions UpgradeStoredShapes<TEvent>(this StoreOptions options, Func<JsonObject, bool> upgrade)
        where TEvent : class
    {
        options.Events.Upcast(new SameNameUpcaster(typeof(TEvent), EventNames.NameOf(typeof(TEvent)), upgrade));
        return options;
    }

    private sealed class SameNameUpcaster(Type eventType, string eventTypeName, Func<JsonObject, bool> upgrade) : EventUpcaster
    {
        public override Type EventType => eventType;

        public override string EventTypeName => eventTypeName;

        public override object FromDbDataReader(ISerializer serializer, DbDataReader dbDataReader, int index) =>
            Read(serializer, dbDataReader.GetFieldValue<string>(index));

        public override async ValueTask<object> FromDbDataReaderAsync(
            ISerializer serializer, DbDataReader dbDataReader, int index, CancellationToken ct) =>
            Read(serializer, await dbDataReader.GetFieldValueAsync<string>(index, ct).ConfigureAwait(false));

        private object Read(ISerializer serializer, string json)
        {
            var data = JsonNode.Parse(json)?.AsObject()
                ?? throw new InvalidOperationException($"A stored {eventTypeName} event holds no JSON object.");
            if (upgrade(data))
            {
                json = data.ToJsonString();
            }

            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
            return serializer.FromJson(eventType, stream);
        }
    }
}
