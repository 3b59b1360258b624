using JasperFx.CommandLine;
using Kam.EventStore.ApiDocs;

namespace Kam.EventStore.Hosting;

/// <summary>Arguments of <c>token</c>.</summary>
public sealed class TokenInput : NetCoreInput
{
    [Description("The caller's name, recorded on every event the token writes (the token's subject)")]
    public string UserFlag { get; set; } = "";

    [Description("Roles, comma-separated: reader, writer, approver, admin (default reader)")]
    public string RoleFlag { get; set; } = Roles.Reader;

    [Description("The first story's caller: the sales director of Swagger UI's examples, with the roles admin and approver")]
    public bool StoryFlag { get; set; }

    [Description("Lifetime in hours (default 8, at most 24)")]
    public int HoursFlag { get; set; } = (int)DevelopmentTokens.DefaultLifetime.TotalHours;
}

/// <summary>
/// Prints a bearer token signed with the configured key (in Development and Testing the published development key):
/// <c>dotnet run -- token --user alice --role writer</c>, or <c>scripts/run.sh token --user alice --role writer</c>.
/// Where tokens come from an OpenID Connect authority, ask the authority instead.
/// </summary>
[Description("Issue a bearer token for a user and roles, signed with the configured key", Name = "token")]
public sealed class TokenCommand : JasperFxAsyncCommand<TokenInput>
{
    public const int MaxHours = 24;

    public override Task<bool> Execute(TokenInput input)
    {
        if (input.StoryFlag)
        {
            input.UserFlag = string.IsNullOrEmpty(input.UserFlag) ? FirstStory.Director : input.UserFlag;
            input.RoleFlag = input.RoleFlag == Roles.Reader ? string.Join(",", FirstStory.CallerRoles) : input.RoleFlag;
        }

        var roles = input.RoleFlag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = roles.Where(r => !Roles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (!Callers.IsAcceptableName(input.UserFlag) || unknown.Count > 0 || input.HoursFlag is < 1 or > MaxHours)
        {
            Console.Error.WriteLine(
                $"Usage: token --user <name> | --story [--role {string.Join(",", Roles.All)}] [--hours 1-{MaxHours}]" +
                (unknown.Count > 0 ? $" (unknown role: {string.Join(", ", unknown)})" : ""));
            return Task.FromResult(false);
        }

        // Only the configuration is needed: the host is built (its settings validated) but never started.
        using var host = input.BuildHost();
        var settings = host.Services.GetRequiredService<AuthSettings>();
        if (!settings.UsesSigningKey)
        {
            Console.Error.WriteLine("Tokens come from the configured authority (Auth:Authority); this service holds no signing key.");
            return Task.FromResult(false);
        }

        var token = DevelopmentTokens.Issue(settings, input.UserFlag, roles, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(input.HoursFlag));
        Console.Error.WriteLine($"Token for '{input.UserFlag}' with roles [{string.Join(", ", roles)}], valid {input.HoursFlag} h (issuer {settings.Issuer}, audience {settings.Audience}).");
        Console.Error.WriteLine("Send it as 'Authorization: Bearer <token>', or paste it into Swagger UI's Authorize dialog.");
        Console.WriteLine(token);
        return Task.FromResult(true);
    }
}
