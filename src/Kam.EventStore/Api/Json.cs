using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kam.EventStore.Api;

/// <summary>
/// JSON as the API speaks it: camelCase, enums as their names, nesting no deeper than any command needs, and strict on the
/// way in. A request body may hold only the fields its schema names (a misspelt <c>madOn</c> is a 400 naming it, not a fact
/// silently dated today), no <c>null</c> where the schema has no null, and every field of a value such as <c>Money</c>.
/// Strictness applies to reading only: answers are written as they are.
/// </summary>
public static class Json
{
    /// <summary>The deepest nesting accepted; the deepest command is a handful of levels.</summary>
    public const int MaxDepth = 32;

    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.MaxDepth = MaxDepth;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Strict);
    }

    private static readonly Assembly Own = typeof(Json).Assembly;

    private static void Strict(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var own = type.Type.Assembly == Own;
        foreach (var property in type.Properties)
        {
            // A list whose items are not nullable takes no null item either: the serializer checks the annotations of
            // properties, not of items, so a null line would otherwise reach a command's rules (or a fold) as a null.
            if (own && property.Set is { } set && property.AttributeProvider is PropertyInfo info && RefusesNullItems(info))
            {
                property.Set = (target, value) =>
                {
                    if (value is IEnumerable items && IndexOfNull(items) is { } index)
                    {
                        throw new JsonException($"{NullItem}{index}.");
                    }

                    set(target, value);
                };
            }

            // Answers are never refused for a null they hold; and only the service's own types are held to their annotations.
            if (property.Get is not null && IsNullable(property.PropertyType))
            {
                property.IsGetNullable = true;
            }

            if (!own && property.Set is not null && IsNullable(property.PropertyType))
            {
                property.IsSetNullable = true;
            }
        }

        if (own && !type.Properties.Any(p => p.IsExtensionData))
        {
            // An unknown field lands here, and is refused where it stands (the exception carries its JSON path and this
            // type's name, by which the problem answer tells an unknown field from a value of the wrong type).
            var unknown = type.CreateJsonPropertyInfo(typeof(UnknownFieldDictionary), "\0unknown");
            unknown.IsExtensionData = true;
            unknown.Get = _ => new UnknownFieldDictionary();
            unknown.Set = (_, _) => { };
            type.Properties.Add(unknown);
        }
    }

    private static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    /// <summary>The start of the message of a null item; the item's index follows it.</summary>
    private const string NullItem = "The list doesn't allow null values: item ";

    private static bool RefusesNullItems(PropertyInfo property) =>
        property.PropertyType is { IsGenericType: true } list && list.IsAssignableTo(typeof(IEnumerable)) && list.GetGenericArguments() is [{ IsValueType: false }]
        && new NullabilityInfoContext().Create(property).GenericTypeArguments is [{ ReadState: NullabilityState.NotNull }];

    private static int? IndexOfNull(IEnumerable items)
    {
        var index = 0;
        foreach (var item in items)
        {
            if (item is null)
            {
                return index;
            }

            index++;
        }

        return null;
    }

    /// <summary>The index of the null item a list refused, when the message is about one.</summary>
    public static int? NullItemIndex(string message)
    {
        var at = message.IndexOf(NullItem, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = new string([.. message[(at + NullItem.Length)..].TakeWhile(char.IsAsciiDigit)]);
        return int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    /// <summary>What a request's JSON error is about, read from the serializer's message.</summary>
    public enum Failure
    {
        /// <summary>Not JSON, or a value of the wrong type.</summary>
        Malformed,
        /// <summary>A field the request does not have.</summary>
        UnknownField,
        /// <summary>A <c>null</c> where the field takes no null.</summary>
        Null,
        /// <summary>A field that must be given is missing.</summary>
        Missing,
    }

    /// <summary>Classifies a System.Text.Json error message (its wording is the serializer's; tests pin each case).</summary>
    public static (Failure Failure, string? Field) Classify(string message)
    {
        if (message.Contains(nameof(UnknownFieldDictionary), StringComparison.Ordinal))
        {
            return (Failure.UnknownField, null);
        }

        if (message.Contains("doesn't allow setting null values", StringComparison.Ordinal) || message.Contains("doesn't allow null values", StringComparison.Ordinal))
        {
            return (Failure.Null, null);
        }

        const string missing = "missing required properties including: '";
        var at = message.IndexOf(missing, StringComparison.Ordinal);
        if (at >= 0)
        {
            var name = message[(at + missing.Length)..];
            var end = name.IndexOf('\'', StringComparison.Ordinal);
            return (Failure.Missing, end > 0 ? JsonNamingPolicy.CamelCase.ConvertName(name[..end]) : null);
        }

        return (Failure.Malformed, null);
    }

    /// <summary>
    /// The extension data of every request type: it takes no field, so an unknown one fails with a JSON exception at its own
    /// path (the serializer names this type in the message).
    /// </summary>
    public sealed class UnknownFieldDictionary : IDictionary<string, JsonElement>
    {
        public JsonElement this[string key]
        {
            get => throw new KeyNotFoundException(key);
            set => throw new JsonException();
        }

        public ICollection<string> Keys => [];

        public ICollection<JsonElement> Values => [];

        public int Count => 0;

        public bool IsReadOnly => false;

        public void Add(string key, JsonElement value) => throw new JsonException();

        public void Add(KeyValuePair<string, JsonElement> item) => throw new JsonException();

        public void Clear()
        {
        }

        public bool Contains(KeyValuePair<string, JsonElement> item) => false;

        public bool ContainsKey(string key) => false;

        public void CopyTo(KeyValuePair<string, JsonElement>[] array, int arrayIndex)
        {
        }

        public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, JsonElement>>().GetEnumerator();

        public bool Remove(string key) => false;

        public bool Remove(KeyValuePair<string, JsonElement> item) => false;

        public bool TryGetValue(string key, out JsonElement value)
        {
            value = default;
            return false;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
