using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kam.EventStore.Security;

/// <summary>
/// Bearer tokens validated once each, not on every request: a dashboard sends the same token thousands of times, and checking
/// its signature, issuer, audience and lifetime again each time was a tenth of the service's work on a status read. A token
/// that passed <see cref="JsonWebTokenHandler"/>'s validation is remembered, by its exact text (signature included, so no
/// other text can match it), until it expires or for five minutes at most, whichever comes first; each request gets a copy
/// of its identity, never the shared one. A token that failed is never remembered. A signing key withdrawn by the
/// authority stops being accepted within those five minutes.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock) : JsonWebTokenHandler
{
    /// <summary>The longest a token is taken on its earlier validation.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    /// <summary>How many tokens are remembered at most; past it the memory starts afresh.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    private sealed record Validated(TokenValidationResult Result, DateTimeOffset Until);

    /// <summary>How many tokens were validated in full (for tests).</summary>
    public int FullValidations => _fullValidations;

    private int _fullValidations;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (_validated.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return Copy(known.Result);
            }

            _validated.TryRemove(token, out _);
        }

        Interlocked.Increment(ref _fullValidations);
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { ValidTo: var validTo } && validTo > DateTime.MinValue)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
            if (_validated.Count >= Capacity)
            {
                _validated.Clear();
            }

            _validated[token] = new Validated(Copy(result), expires < now + Longest ? expires : now + Longest);
        }

        return result;
    }

    // What the bearer handler reads of a result: its identity (copied, so no request sees another's changes), token and issuer.
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };
}
