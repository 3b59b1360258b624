using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kam.EventStore.History;

namespace Kam.EventStore.Reviews;

/// <summary>
/// A review's content as bytes, with what proves it: its SHA-256, and the SHA-256 of its skeleton (the same content with every
/// personal value of a customer stakeholder replaced by <see cref="Placeholder"/>), and where those personal values are.
/// </summary>
/// <param name="Content">The canonical JSON.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Content"/>, hex.</param>
/// <param name="SkeletonSha256">SHA-256 of the skeleton's canonical JSON, hex.</param>
/// <param name="Personal">Each personal value: its JSON Pointer in the content and the stakeholder it belongs to.</param>
public sealed record ReviewDocument(byte[] Content, string Sha256, string SkeletonSha256, IReadOnlyList<PersonalValue> Personal)
{
    /// <summary>What stands in the skeleton where a personal value stands in the content.</summary>
    public const string Placeholder = "(personal data)";

    /// <summary>
    /// The personal values of the roles section (a stakeholder's name and title) and, in the changes section, every value of the
    /// view that an erasure masks: a stakeholder term's name, title, department, e-mail, phone and change reason.
    /// </summary>
    private static readonly Regex RolesValue = new(@"^/roles/stakeholders/(\d+)/(name|title)$", RegexOptions.CultureInvariant);

    private static readonly Regex ViewValue = new(
        @"^/roles/stakeholders/(\d+)/(profile/(name|title|department|email|phone)|changeReason)$", RegexOptions.CultureInvariant);

    /// <summary>The document of a review's content; <paramref name="view"/> is the view it was generated from (it names the stakeholder of each term).</summary>
    public static ReviewDocument Of(JsonObject content, AccountView view)
    {
        var personal = new List<PersonalValue>();
        Find(content, "", personal, content, view);
        var skeleton = content.DeepClone();
        foreach (var value in personal)
        {
            Replace(skeleton, value.Path);
        }

        var bytes = CanonicalJson.Bytes(content);
        return new ReviewDocument(bytes, CanonicalJson.Sha256(bytes), CanonicalJson.Sha256(CanonicalJson.Bytes(skeleton)), personal);
    }

    private static void Find(JsonNode? node, string path, List<PersonalValue> found, JsonObject content, AccountView view)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    Find(child, $"{path}/{Escape(name)}", found, content, view);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Find(a[i], $"{path}/{i}", found, content, view);
                }

                break;
            default:
                if (Stakeholder(path, content, view) is { } stakeholder)
                {
                    found.Add(new PersonalValue(path, stakeholder));
                }

                break;
        }
    }

    // The stakeholder whose personal value stands at this leaf, if one does.
    private static Guid? Stakeholder(string path, JsonObject content, AccountView view)
    {
        if (RolesValue.Match(path) is { Success: true } roles)
        {
            return Guid.Parse(content["roles"]!["stakeholders"]![int.Parse(roles.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]!["stakeholderId"]!.GetValue<string>());
        }

        // /changes/differences/{i}/before|after{rest}: the value at the view's path {difference's path}{rest}.
        var parts = path.Split('/');
        if (parts is ["", "changes", "differences", var index, "before" or "after", ..])
        {
            var at = content["changes"]!["differences"]![int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)]!["path"]!.GetValue<string>();
            var rest = string.Concat(parts.Skip(5).Select(p => "/" + p));
            if (ViewValue.Match((at == "/" ? "" : at) + rest) is { Success: true } term)
            {
                var position = int.Parse(term.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                return view.Roles?.Stakeholders.ElementAtOrDefault(position)?.StakeholderId;
            }
        }

        return null;
    }

    private static void Replace(JsonNode root, string path)
    {
        var parts = path.Split('/').Skip(1).Select(Unescape).ToList();
        var parent = parts.SkipLast(1).Aggregate((JsonNode?)root, (node, part) => node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : node![part]);
        switch (parent)
        {
            case JsonArray a:
                a[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = Placeholder;
                break;
            case JsonObject o:
                o[parts[^1]] = Placeholder;
                break;
        }
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string part) => part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}

/// <summary>A personal value of a customer stakeholder in a review.</summary>
/// <param name="Path">Its JSON Pointer in the review.</param>
/// <param name="StakeholderId">Whose it is.</param>
public sealed record PersonalValue(string Path, Guid StakeholderId);
