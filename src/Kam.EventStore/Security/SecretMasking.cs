using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Kam.EventStore.Security;

/// <summary>
/// <c>describe</c> prints every configuration value with its source. Output like that ends up in tickets and chat, so
/// secrets are masked in it: passwords inside connection strings, and whole values under names that hold secrets
/// (signing keys, passwords, tokens, OTLP headers that carry API keys).
/// </summary>
public static partial class SecretMasking
{
    public const string Mask = "***";

    /// <summary>When the command is <c>describe</c>, the configuration it is shown is a masked view; the service itself keeps the real one.</summary>
    public static WebApplicationBuilder MaskSecretsWhenDescribing(this WebApplicationBuilder builder, string[] args)
    {
        if (args is ["describe", ..] && builder.Configuration is IConfigurationRoot root)
        {
            builder.Services.AddSingleton<IConfiguration>(new ConfigurationRoot([.. root.Providers.Select(p => new MaskedProvider(p))]));
        }

        return builder;
    }

    /// <summary>The value as it may be shown under <paramref name="key"/>.</summary>
    public static string? Masked(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var name = key[(key.LastIndexOf(':') + 1)..];
        if (SecretName().IsMatch(name))
        {
            return Mask;
        }

        return ConnectionPassword().Replace(value, match => match.Groups[1].Value + Mask);
    }

    [GeneratedRegex("(password|passwd|pwd|secret|signingkey|apikey|api_key|token|credential|headers|privatekey)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    // Password=...; in Npgsql (and most ADO.NET) connection strings, and user:password@ in URLs.
    [GeneratedRegex(@"((?:password|pwd)\s*=\s*)(?:""[^""]*""|'[^']*'|[^;]*)|(?<=://[^:/@\s]+:)[^@\s]+(?=@)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionPassword();

    /// <summary>A provider that answers what another answers, masked; its name stays the other's, so <c>describe</c> still says where a value came from.</summary>
    private sealed class MaskedProvider(IConfigurationProvider inner) : IConfigurationProvider
    {
        public bool TryGet(string key, out string? value)
        {
            var found = inner.TryGet(key, out var raw);
            value = found ? Masked(key, raw) : null;
            return found;
        }

        public void Set(string key, string? value) => inner.Set(key, value);

        public IChangeToken GetReloadToken() => inner.GetReloadToken();

        // The inner provider is loaded already; loading it again would re-read files and environment for nothing.
        public void Load()
        {
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) => inner.GetChildKeys(earlierKeys, parentPath);

        public override string? ToString() => inner.ToString();
    }
}
