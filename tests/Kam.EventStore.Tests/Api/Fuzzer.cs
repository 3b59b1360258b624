using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Kam.EventStore.Tests.Api;

/// <summary>One generated request, and what was done to it (for the failure report).</summary>
public sealed record FuzzRequest(ApiOperation Operation, string Method, string Url, byte[]? Body, IReadOnlyList<(string Name, string Value)> Headers, string What)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in Headers)
        {
            if (name == "Content-Type")
            {
                if (message.Content is not null)
                {
                    message.Content.Headers.Remove(name);
                    if (value.Length > 0)
                    {
                        message.Content.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                continue;
            }

            message.Headers.Remove(name);
            if (value.Length > 0 || name != "Authorization")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        return $"{Method} {Url[..Math.Min(Url.Length, 300)]} [{What}] headers: {string.Join("; ", Headers.Select(h => $"{h.Name}: {h.Value[..Math.Min(h.Value.Length, 80)]}"))} body: {body[..Math.Min(body.Length, 400)]}";
    }
}

/// <summary>
/// Generates hostile and careless requests for every operation of the OpenAPI document, from a seeded CsCheck
/// <see cref="PCG"/>: the same seed gives the same requests. Each request starts from a plausible one (known ids,
/// the document's examples) and breaks a few things: the body (null, wrong types, huge, NUL, RTL and lone surrogate
/// characters, deep nesting, extra, missing and repeated fields, not JSON at all), path ids (the all-zero id, unknown,
/// malformed, encoded NUL), query values, and the Accept, Content-Type, If-Match, Idempotency-Key and Authorization headers.
/// Nothing it sends contains the markers <see cref="AnswerChecks"/> looks for in answers.
/// </summary>
public sealed class Fuzzer(ApiDocument api, KnownIds ids, string readerToken)
{
    private const string LoneSurrogate = "\u0001lone-surrogate\u0001";
    private const string DeepNesting = "\u0001deep-nesting\u0001";

    /// <summary>Any text of the Basic Multilingual Plane but the surrogate halves (a lone one is sent as an escape instead).</summary>
    private static readonly Gen<string> Unicode = Gen.String[Gen.Char['\u0000', '\uD7FF'], 0, 40];

    private static readonly string[] Texts =
    [
        "", " ", "a", "\u0000", "before\u0000after", "\u202Egnp.exe\u202C", "\u200B", "\uFEFF", "e\u0301", "İstanbul", "ǅ", "ß",
        "😀😀😀", "\r\n", "\t", "bell\u0007", "esc\u001b[31m", "{}", "null", "true", "-1", "1e400", "NaN", "2026-13-45", "yesterday",
        "0001-01-01", "9999-12-31T23:59:59Z", "00000000-0000-0000-0000-000000000000", "%00", "../../", "<b>x</b>", "${x}", "{{7*7}}",
        LoneSurrogate,
    ];

    private static readonly string[] WrongValues =
    [
        "0", "-1", "1.5", "1e308", "-1e308", "12345678901234567890", "true", "false", "[]", "{}", "\"x\"", "null", "[null]",
        "{\"a\":1}", "[1,\"a\",{}]", "\"\"", "\"2026-02-30\"", "\"P1D\"",
    ];

    private static readonly string[] RawBodies =
    [
        "null", "", " ", "[]", "[{}]", "1", "\"text\"", "true", "{", "}", "{\"a\":", "<xml/>", "{}garbage", "{} {}", "{\"\":1}",
        "{\"a\":1,\"a\":2}", "{/*c*/}", "{'a':1}",
    ];

    private static readonly string[] Accepts =
    [
        "text/csv", "application/xml", "text/html", "*/*", "application/json", "application/problem+json", "application/x-ndjson",
        "text/csv;q=0.5, application/json;q=0.1", "garbage", "*/*;q=0", "application/json;q=0", "image/png", ";;;", "text/*",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=latin1", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "garbage", "application/merge-patch+json", "", "text/json", "application/json;;",
    ];

    private static readonly string[] IfMatches = ["\"0\"", "\"1\"", "*", "W/\"1\"", "\"-1\"", "\"abc\"", "\"99999999999999999999\"", "1", "\"1\", \"2\""];

    /// <summary>
    /// Malformed path ids. No encoded NUL: the server refuses a path holding one before the service sees it (Kestrel with a
    /// bare 400, see the README; the test server by throwing in the client).
    /// </summary>
    private static readonly string[] BadIds =
    [
        "00000000-0000-0000-0000-000000000000", "abc", "%01", "%2F", "..", " ", "null", "-1", "1e400", "%E2%80%AE", "%F0%9F%98%80",
        "%FF", "a%1Fb", "İ",
    ];

    private PCG _random = new(13, 0);

    private int Pick(int count) => (int)_random.Next((uint)count);

    private bool Chance(int percent) => Pick(100) < percent;

    private T OneOf<T>(IReadOnlyList<T> items) => items[Pick(items.Count)];

    /// <summary>The next request from <paramref name="random"/>.</summary>
    public FuzzRequest Next(PCG random)
    {
        _random = random;
        var operation = OneOf(api.Operations);
        var what = new List<string>();
        var headers = new List<(string, string)>();

        var url = operation.Url(p => PathValue(p, what), raw: true);
        var query = QueryString(operation, what);
        if (query.Length > 0)
        {
            url += "?" + query;
        }

        byte[]? body = null;
        if (operation.BodySchema is { } schema)
        {
            body = Body(schema, what);
            if (Chance(20))
            {
                headers.Add(("Content-Type", OneOf(ContentTypes)));
            }
        }
        else if (operation.Method == "POST" && Chance(30))
        {
            body = Encoding.UTF8.GetBytes(OneOf(RawBodies));
        }

        if (Chance(30))
        {
            headers.Add(("Accept", OneOf(Accepts)));
        }

        if (operation.Method == "POST")
        {
            if (Chance(15))
            {
                headers.Add(("If-Match", OneOf(IfMatches)));
            }

            if (Chance(20))
            {
                headers.Add(("Idempotency-Key", Pick(4) switch
                {
                    0 => "fuzz-key",
                    1 => new string('k', 5000),
                    2 => Guid.NewGuid().ToString(),
                    _ => "ключ-😀",
                }));
            }
        }

        if (Chance(8))
        {
            headers.Add(("X-Correlation-ID", Pick(3) switch { 0 => new string('c', 500), 1 => "корреляция", _ => "" }));
        }

        if (Chance(8))
        {
            var authorization = Pick(4) switch { 0 => "", 1 => readerToken, 2 => "Bearer abc.def.ghi", _ => "Basic dXNlcjpwYXNz" };
            headers.Add(("Authorization", authorization));
            what.Add("authorization " + (authorization.Length > 20 ? authorization[..20] : authorization));
        }

        return new FuzzRequest(operation, operation.Method, url, body, headers, string.Join(", ", what));
    }

    private string PathValue(ApiParameter parameter, List<string> what)
    {
        var roll = Pick(100);
        if (roll < 75)
        {
            return Uri.EscapeDataString(ids.For(parameter.Name));
        }

        if (roll < 82)
        {
            return Uri.EscapeDataString(KnownIds.Unknown(parameter));
        }

        var bad = roll switch
        {
            < 86 => ids.For(parameter.Name).ToUpperInvariant(),
            < 89 => Guid.NewGuid().ToString("N"),
            < 91 => "{" + Guid.NewGuid() + "}",
            < 93 => new string('a', 3000),
            _ => OneOf(BadIds),
        };
        what.Add($"path {parameter.Name}={bad[..Math.Min(bad.Length, 40)]}");
        return bad.Contains('%', StringComparison.Ordinal) || bad.All(c => c < 128) ? bad : Uri.EscapeDataString(bad);
    }

    private string QueryString(ApiOperation operation, List<string> what)
    {
        var parts = new List<string>();
        foreach (var parameter in operation.QueryParameters)
        {
            var roll = Pick(100);
            if (roll < 50)
            {
                continue;
            }

            var value = roll < 75 ? ApiDocument.QueryValue(parameter) : BadQueryValue(parameter);
            if (roll >= 75)
            {
                what.Add($"query {parameter.Name}={value[..Math.Min(value.Length, 40)]}");
            }

            parts.Add($"{parameter.Name}={Escape(value)}");
            if (Chance(5))
            {
                parts.Add($"{parameter.Name}={Escape(BadQueryValue(parameter))}");
                what.Add($"query {parameter.Name} twice");
            }
        }

        if (Chance(5))
        {
            parts.Add("unknown=1");
            what.Add("unknown query");
        }

        if (Chance(3))
        {
            parts.Add("q=" + new string('x', 9000));
            what.Add("url over 8 KiB");
        }

        return string.Join("&", parts);
    }

    private static string Escape(string value) => value == "%00" ? value : Uri.EscapeDataString(value.Replace(LoneSurrogate, "x", StringComparison.Ordinal));

    private string BadQueryValue(ApiParameter parameter) => Pick(6) switch
    {
        0 => OneOf(Texts),
        1 => parameter.Enum.Count > 0 ? parameter.Enum[Pick(parameter.Enum.Count)].ToLowerInvariant() : "-2147483649",
        2 => new string('9', Pick(400) + 1),
        3 => Unicode.Generate(_random, null, out _),
        4 => OneOf(["0", "-1", "201", "2147483648", "00000000-0000-0000-0000-000000000000", "2026-11-01T09:00:00+14:00", "2026-11-01 09:00"]),
        _ => "%00",
    };

    private byte[] Body(string schema, List<string> what)
    {
        var roll = Pick(100);
        if (roll < 20)
        {
            what.Add("plausible body");
            return Encode(api.Sample(schema, ids));
        }

        if (roll < 27)
        {
            var raw = OneOf(RawBodies);
            what.Add($"raw body {raw}");
            return Encoding.UTF8.GetBytes(raw);
        }

        if (roll < 30)
        {
            what.Add("body not UTF-8");
            return Pick(3) switch
            {
                0 => [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],
                1 => [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'],
                _ => [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'],
            };
        }

        var sample = api.Sample(schema, ids) ?? new JsonObject();
        var mutations = 1 + Pick(3);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(sample, what);
        }

        var text = sample.ToJsonString();
        if (Chance(3))
        {
            // A repeated field: the last one wins in System.Text.Json, unless the strict reader refuses it.
            text = text.Length > 2 ? "{\"version\":1," + text[1..] : text;
            what.Add("repeated field");
        }

        if (Chance(2))
        {
            text = new string(' ', 270 * 1024) + text;
            what.Add("body over 256 KiB");
        }

        return Encoding.UTF8.GetBytes(text
            .Replace(Escaped(LoneSurrogate), "\\ud800", StringComparison.Ordinal)
            .Replace(Escaped(DeepNesting), DeepValue(), StringComparison.Ordinal));
    }

    private static string Escaped(string marker) => JsonValue.Create(marker)!.ToJsonString();

    private string DeepValue()
    {
        var depth = OneOf([10, 31, 33, 64, 1000, 20000]);
        return Chance(50) ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private void Mutate(JsonNode body, List<string> what)
    {
        var places = Places(body, "$").ToList();
        if (places.Count == 0)
        {
            return;
        }

        var (parent, key, path) = OneOf(places);
        switch (Pick(9))
        {
            case 0:
                Set(parent, key, null);
                what.Add($"{path}=null");
                break;
            case 1:
                var wrong = OneOf(WrongValues);
                Set(parent, key, JsonNode.Parse(wrong));
                what.Add($"{path}={wrong}");
                break;
            case 2:
                var size = OneOf([201, 4001, 100_000]);
                Set(parent, key, JsonValue.Create(new string('x', size)));
                what.Add($"{path}=x*{size}");
                break;
            case 3:
                var text = OneOf(Texts);
                Set(parent, key, JsonValue.Create(text));
                what.Add($"{path}=text {Printable(text)}");
                break;
            case 4:
                Set(parent, key, JsonValue.Create(Unicode.Generate(_random, null, out _)));
                what.Add($"{path}=random text");
                break;
            case 5:
                Set(parent, key, JsonValue.Create(DeepNesting));
                what.Add($"{path}=deeply nested");
                break;
            case 6 when parent is JsonObject extra:
                extra["extraField" + Pick(3).ToString(CultureInfo.InvariantCulture)] = 1;
                what.Add($"extra field beside {path}");
                break;
            case 7 when parent is JsonObject missing:
                missing.Remove(key.ToString()!);
                what.Add($"{path} missing");
                break;
            default:
                Set(parent, key, JsonNode.Parse(Pick(2) == 0 ? "[null, null]" : "{}"));
                what.Add($"{path}=container");
                break;
        }
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) || c > 126 ? $"\\u{(int)c:x4}" : c.ToString()));

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else if (parent is JsonArray a)
        {
            a[(int)key] = value;
        }
    }

    private static IEnumerable<(JsonNode Parent, object Key, string Path)> Places(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    yield return (o, name, $"{path}.{name}");
                    if (value is not null)
                    {
                        foreach (var inner in Places(value, $"{path}.{name}"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, i, $"{path}[{i}]");
                    if (a[i] is { } item)
                    {
                        foreach (var inner in Places(item, $"{path}[{i}]"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static byte[] Encode(JsonNode? body) => Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "null");
}
