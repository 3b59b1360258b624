using System.Security.Claims;
using Kam.EventStore.Security;
using Microsoft.IdentityModel.Tokens;

namespace Kam.EventStore.Tests.Security;

/// <summary>Each bearer token is validated once, then taken on that until it expires or for five minutes at most.</summary>
public sealed class ValidatedTokensTests
{
    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidateAudience = true, ValidAudience = TestCallers.Settings.Audience, ValidateIssuer = true, ValidIssuer = TestCallers.Settings.Issuer,
        ValidateIssuerSigningKey = true, IssuerSigningKey = TestCallers.Settings.Key(), ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateLifetime = true, RequireExpirationTime = true, NameClaimType = "sub",
    };

    [Fact]
    public async Task a_valid_token_is_validated_once_then_taken_until_five_minutes_have_passed()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var tokens = new ValidatedTokens(clock) { MapInboundClaims = false };
        var token = DevelopmentTokens.Issue(TestCallers.Settings, "anna", ["reader"], DateTimeOffset.UtcNow, TimeSpan.FromHours(2));

        var first = await tokens.ValidateTokenAsync(token, Parameters);
        var second = await tokens.ValidateTokenAsync(token, Parameters);
        first.IsValid.ShouldBeTrue();
        second.IsValid.ShouldBeTrue();
        second.ClaimsIdentity.Name.ShouldBe("anna");
        tokens.FullValidations.ShouldBe(1);

        // Each request gets its own copy of the identity: what one adds, the next does not see.
        second.ClaimsIdentity.ShouldNotBeSameAs(first.ClaimsIdentity);
        second.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        (await tokens.ValidateTokenAsync(token, Parameters)).ClaimsIdentity.HasClaim("role", "admin").ShouldBeFalse();

        clock.Advance(ValidatedTokens.Longest);
        (await tokens.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeTrue();
        tokens.FullValidations.ShouldBe(2, "five minutes on, the token is validated again");
    }

    [Fact]
    public async Task a_token_is_never_taken_past_its_expiry_and_a_refused_one_is_never_remembered()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var tokens = new ValidatedTokens(clock) { MapInboundClaims = false };
        var shortLived = DevelopmentTokens.Issue(TestCallers.Settings, "anna", [], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
        await tokens.ValidateTokenAsync(shortLived, Parameters);
        clock.Advance(TimeSpan.FromMinutes(2));
        await tokens.ValidateTokenAsync(shortLived, Parameters);
        tokens.FullValidations.ShouldBe(2, "at its expiry the token is validated again (and refused once the real clock passes it)");

        var tampered = DevelopmentTokens.Issue(TestCallers.Settings, "anna", [], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        tampered = tampered[..^3] + (tampered[^3] == 'A' ? "BBB" : "AAA");
        (await tokens.ValidateTokenAsync(tampered, Parameters)).IsValid.ShouldBeFalse();
        (await tokens.ValidateTokenAsync(tampered, Parameters)).IsValid.ShouldBeFalse();
        tokens.FullValidations.ShouldBe(4, "a refused token is checked every time");
    }
}
