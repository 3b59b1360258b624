using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>
/// Record a change to a stakeholder (promotion, new department, changed stance or buying role, new contact details).
/// Give only the fields that change; the rest carry over.
/// </summary>
public sealed record ChangeStakeholder : RoleChange
{
    /// <summary>New name.</summary>
    public string? Name { get; init; }

    /// <summary>New title.</summary>
    /// <example>Chief Procurement Officer</example>
    public string? Title { get; init; }

    /// <summary>New department.</summary>
    public string? Department { get; init; }

    /// <summary>New organisation level.</summary>
    /// <example>Executive</example>
    public OrganisationLevel? Level { get; init; }

    /// <summary>New buying role.</summary>
    public BuyingRole? BuyingRole { get; init; }

    /// <summary>New stance.</summary>
    public Stance? Stance { get; init; }

    /// <summary>New e-mail.</summary>
    public string? Email { get; init; }

    /// <summary>New phone.</summary>
    public string? Phone { get; init; }

    /// <summary>What happened.</summary>
    /// <example>Promoted to CPO</example>
    public string Reason { get; init; } = "";




    /// <summary>The profile after the change.</summary>
    public StakeholderProfile ApplyTo(StakeholderProfile p) => new(
        Name?.Trim() ?? p.Name, Title?.Trim() ?? p.Title, Department?.Trim() ?? p.Department, Level ?? p.Level,
        BuyingRole ?? p.BuyingRole, Stance ?? p.Stance, Email?.Trim() ?? p.Email, Phone?.Trim() ?? p.Phone);
}

public static class ChangeStakeholderEndpoint
{
    public static ProblemDetails Validate(
        ChangeStakeholder command, Guid stakeholderId, AccountRelationships account, DateTimeOffset now)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText);
        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        var standing = RoleChangeRules.StillWithCustomer(account, stakeholderId, out var stakeholder);
        if (Problems.Found(standing))
        {
            return standing;
        }

        if (stakeholder.Erased)
        {
            // A change carries a whole profile: taking one would bring back what was erased.
            return Problems.Conflict("stakeholder-erased", "The stakeholder's personal data was erased; their profile takes no more changes.");
        }

        var changed = command.ApplyTo(stakeholder.Profile);
        var fields = StakeholderProfiles.Check(new FieldErrors(), changed.Name, changed.Title, changed.Department, changed.Level,
            changed.BuyingRole, changed.Stance, changed.Email, changed.Phone);
        if (fields.Any)
        {
            return fields.ToProblem();
        }

        return changed == stakeholder.Profile
            ? Problems.Rule("nothing-changed", "Every given field already holds that value.")
            : RoleChangeRules.NotBefore(command.EffectiveDate(now), stakeholder.ProfileSince, "The stakeholder's current profile has held");
    }

    /// <summary>Record a change to a stakeholder.</summary>
    /// <remarks>Appends <c>StakeholderChanged</c> with the whole profile as it is from the effective date.</remarks>
    [WolverinePost("/api/accounts/{accountId}/stakeholders/{stakeholderId}/changes", OperationId = "ChangeStakeholder")]
    [Tags("Stakeholders")]
    public static Events Post(
        ChangeStakeholder command, Guid stakeholderId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, DateTimeOffset now, ClaimsPrincipal user) =>
        
        [
            new StakeholderChanged(account.Id, stakeholderId, command.ApplyTo(account.Stakeholder(stakeholderId)!.Profile),
                command.EffectiveDate(now), command.Reason.Trim(), command.When(now), user.Actor()),
        ];
}
