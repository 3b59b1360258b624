using System.Security.Claims;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>Record a person in the customer's organisation as a stakeholder of the account.</summary>
public sealed record AddStakeholder : RoleChange
{
    /// <summary>Optional client-chosen stakeholder id; generated when omitted.</summary>
    public Guid? StakeholderId { get; init; }

    /// <summary>Full name.</summary>
    /// <example>Maria Korhonen</example>
    public string Name { get; init; } = "";

    /// <summary>Job title.</summary>
    /// <example>Head of Procurement</example>
    public string Title { get; init; } = "";

    /// <summary>Department or unit.</summary>
    /// <example>Procurement</example>
    public string Department { get; init; } = "";

    /// <summary>Organisation level: Executive, Management or Operational.</summary>
    /// <example>Management</example>
    public OrganisationLevel? Level { get; init; }

    /// <summary>Role in buying decisions: DecisionMaker, Influencer, User, Gatekeeper, Champion or Blocker.</summary>
    /// <example>DecisionMaker</example>
    public BuyingRole? BuyingRole { get; init; }

    /// <summary>Attitude towards us: Supportive, Neutral or Opposed.</summary>
    /// <example>Neutral</example>
    public Stance? Stance { get; init; }

    /// <summary>Contact e-mail, optional.</summary>
    public string? Email { get; init; }

    /// <summary>Contact phone, optional.</summary>
    public string? Phone { get; init; }
}

/// <summary>What adding a stakeholder answers (201, with the stakeholder's address).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="StakeholderId">The new stakeholder's id.</param>
/// <param name="Version">The account's version after the write.</param>
/// <param name="OccurredAt">The business time recorded: as given, the start of a past <c>effectiveOn</c>, or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record StakeholderCreated(Guid AccountId, Guid StakeholderId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
    : CreationResponse($"/api/accounts/{AccountId}/stakeholders/{StakeholderId}");

public static class AddStakeholderEndpoint
{
    public static ProblemDetails Validate(AddStakeholder command, AccountRelationships account, DateTimeOffset now)
    {
        var errors = StakeholderProfiles.Check(new FieldErrors(), command.Name, command.Title, command.Department, command.Level,
            command.BuyingRole, command.Stance, command.Email, command.Phone);
        if (command.StakeholderId == Guid.Empty)
        {
            errors.Add("stakeholderId", "Must not be the empty id.");
        }

        var problem = RoleChangeRules.Check(command, errors, now);
        if (Problems.Found(problem))
        {
            return problem;
        }

        return command.StakeholderId is { } id && account.Stakeholder(id) is not null
            ? Problems.Conflict("duplicate-stakeholder", $"Stakeholder {id} already exists.")
            : Problems.None;
    }

    /// <summary>Add a customer stakeholder.</summary>
    /// <remarks>Appends <c>StakeholderAdded</c>. Answers 201 with the stakeholder's address.</remarks>
    [WolverinePost("/api/accounts/{accountId}/stakeholders", OperationId = "AddStakeholder")]
    [Tags("Stakeholders")]
    public static (StakeholderCreated, Events) Post(
        AddStakeholder command, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles, IEventStream<AccountRelationships> stream, DateTimeOffset now,
        ClaimsPrincipal user)
    {
        // A part of the account created with its own address: the answer names it, so it takes the stream for the version.
        var id = command.StakeholderId ?? Guid.CreateVersion7(now);
        var profile = new StakeholderProfile(command.Name.Trim(), command.Title.Trim(), command.Department.Trim(), command.Level!.Value,
            command.BuyingRole!.Value, command.Stance!.Value, command.Email?.Trim(), command.Phone?.Trim());
        var added = new StakeholderAdded(account.Id, id, profile, command.EffectiveDate(now), command.When(now), user.Actor());
        return (new StakeholderCreated(account.Id, id, (stream.StartingVersion ?? 0) + 1, added.OccurredAt, added.OccurredAt == now), [added]);
    }
}

/// <summary>The field rules of a stakeholder profile, shared by adding and changing one.</summary>
public static class StakeholderProfiles
{
    public static FieldErrors Check(
        FieldErrors errors, string? name, string? title, string? department, OrganisationLevel? level, BuyingRole? buyingRole,
        Stance? stance, string? email, string? phone)
    {
        errors.Required("name", name).Required("title", title).Required("department", department)
            .Defined("level", level).Defined("buyingRole", buyingRole).Defined("stance", stance)
            .Optional("email", email).Optional("phone", phone, 50);
        errors.Present("level", level);

        errors.Present("buyingRole", buyingRole);

        errors.Present("stance", stance);

        if (email is { Length: > 0 } && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("email", "Must be an e-mail address.");
        }

        return errors;
    }
}
