using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Kam.EventStore.Tests.Security;

/// <summary>Which authentication settings each environment starts with, or refuses to start without. Pure, no host.</summary>
public sealed class AuthSettingsTests
{
    private static AuthSettings Resolve(string environment, params (string Key, string Value)[] settings) => AuthSettings.Resolve(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(),
        new HostingEnvironment { EnvironmentName = environment });

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void development_and_testing_get_the_published_development_settings(string environment)
    {
        var settings = Resolve(environment);

        settings.Issuer.ShouldBe(AuthSettings.DevelopmentIssuer);
        settings.Audience.ShouldBe(AuthSettings.DevelopmentAudience);
        settings.SigningKey.ShouldBe(AuthSettings.DevelopmentSigningKey);
        settings.NameClaim.ShouldBe("sub");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void any_other_environment_refuses_to_start_without_settings_or_with_the_published_key(string environment)
    {
        Should.Throw<InvalidOperationException>(() => Resolve(environment)).Message.ShouldContain("Auth:SigningKey");
        Should.Throw<InvalidOperationException>(() => Resolve(environment,
            ("Auth:Issuer", "https://id.example"), ("Auth:Audience", "kam"), ("Auth:SigningKey", AuthSettings.DevelopmentSigningKey)))
            .Message.ShouldContain("published development key");
        Should.Throw<InvalidOperationException>(() => Resolve(environment,
            ("Auth:Issuer", "https://id.example"), ("Auth:Audience", "kam"), ("Auth:SigningKey", "too short")));
        Should.Throw<InvalidOperationException>(() => Resolve(environment, ("Auth:Authority", "https://id.example")))
            .Message.ShouldContain("Auth:Audience");
    }

    [Fact]
    public void production_starts_with_a_secret_key_or_with_an_authority()
    {
        var keyed = Resolve("Production", ("Auth:Issuer", "https://id.example"), ("Auth:Audience", "kam"), ("Auth:SigningKey", new string('s', 40)));
        keyed.UsesSigningKey.ShouldBeTrue();

        var oidc = Resolve("Production", ("Auth:Authority", "https://id.example/realms/kam"), ("Auth:Audience", "kam"), ("Auth:NameClaim", "preferred_username"));
        oidc.UsesSigningKey.ShouldBeFalse();
        oidc.SigningKey.ShouldBeNull();
        oidc.NameClaim.ShouldBe("preferred_username");
    }

    [Fact]
    public void a_signing_key_can_come_from_a_file_as_docker_compose_generates_it()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, new string('k', 64) + "\n");
        try
        {
            var settings = Resolve("Production", ("Auth:Issuer", "kam"), ("Auth:Audience", "kam"), ("Auth:SigningKeyFile", file));
            settings.SigningKey.ShouldBe(new string('k', 64));
        }
        finally
        {
            File.Delete(file);
        }

        Should.Throw<InvalidOperationException>(() => Resolve("Production", ("Auth:Issuer", "kam"), ("Auth:Audience", "kam"), ("Auth:SigningKeyFile", file)))
            .Message.ShouldContain("Auth:SigningKeyFile");
    }
}
