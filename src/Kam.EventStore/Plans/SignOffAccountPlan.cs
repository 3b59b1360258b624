using System.Security.Claims;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Kam.EventStore.Plans;

/// <summary>
/// Sign off the plan's latest version. The caller signs: they must be the manager of the account's KAM on the sign-off's date,
/// and never the plan's author.
/// </summary>
public sealed record SignOffAccountPlan : PlanChange
{
    /// <summary>An optional note on the sign-off.</summary>
    /// <example>Agreed in the sales leadership review</example>
    public string? Note { get; init; }
}

/// <summary>What a sign-off is decided against: the caller's directory record, the account's roles and the KAM's directory record, on the sign-off's date.</summary>
/// <param name="Signer">The caller in the people directory.</param>
/// <param name="Roles">The account's role history.</param>
/// <param name="Kam">The KAM on the sign-off's date, in the people directory.</param>
public sealed record SignOffContext(Person? Signer, AccountRoles? Roles, Person? Kam);

/// <summary>Who the KAM's manager was on a date, and where that was found.</summary>
/// <param name="KamPersonId">The account's KAM on the date.</param>
/// <param name="ManagerPersonId">Their manager.</param>
/// <param name="Source">Where the manager was found.</param>
public sealed record KamManager(string KamPersonId, string ManagerPersonId, ManagerSource Source);

public static class SignOffAccountPlanEndpoint
{
    public static async Task<SignOffContext> LoadAsync(
        SignOffAccountPlan command, Guid planId, IQuerySession session, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellation)
    {
        var plan = await session.LoadAsync<AccountPlan>(planId, cancellation);
        var batch = session.CreateBatchQuery();
        var roles = plan is null ? Task.FromResult<AccountRoles?>(null) : batch.Load<AccountRoles>(plan.AccountId);
        var signer = PersonIds.IsWellFormed(user.Actor()) ? batch.Load<Person>(PersonIds.StreamId(user.Actor())) : Task.FromResult<Person?>(null);
        await batch.Execute(cancellation);

        var kam = await roles is { } history ? AccountRolesOn.From(history, command.On(now)).AccountManager?.PersonId : null;
        return new SignOffContext(await signer, await roles, kam is null ? null : await session.LoadAsync<Person>(PersonIds.StreamId(kam), cancellation));
    }

    public static ProblemDetails Validate(SignOffAccountPlan command, AccountPlan plan, SignOffContext context, ClaimsPrincipal user, DateTimeOffset now)
    {
        var dated = PlanRules.Dated(new FieldErrors().Optional("note", command.Note, FieldErrors.LongText), command, plan, now);
        if (Problems.Found(dated))
        {
            return dated;
        }

        if (plan.SignOffs.Any(s => s.PlanVersion == plan.PlanVersion))
        {
            return Problems.Conflict("already-signed-off", $"Version {plan.PlanVersion} of the plan is already signed off.");
        }

        return Decide(plan, context, user.Actor(), command.On(now), out _);
    }

    /// <summary>
    /// The sign-off rule: the caller is in the people directory and had not left by the date (422 <c>unknown-person</c>,
    /// <c>person-left</c>), is not the plan's author (422 <c>self-sign-off</c>), and is the manager of the account's KAM on that date
    /// (422 <c>no-account-manager</c>, <c>no-kam-manager</c>, <c>not-kams-manager</c>). The KAM's manager is the one named by how
    /// the KAM role is organised on the account on that date (<c>KamRoleOrganised</c>: it states the KAM's manager for this
    /// account, which is what the business decides per account); when the role's organisation names none, the KAM's line
    /// manager in the people directory on that date.
    /// </summary>
    public static ProblemDetails Decide(AccountPlan plan, SignOffContext context, string caller, DateOnly on, out KamManager? manager)
    {
        manager = null;
        if (context.Signer is not { } signer)
        {
            return Problems.Rule("unknown-person", $"The caller '{caller}' is not in the people directory, so cannot sign off a plan.");
        }

        if (signer.LeftOn < on)
        {
            return Problems.Rule("person-left", $"{signer.PersonId} left the company on {signer.LeftOn:yyyy-MM-dd}.");
        }

        if (signer.PersonId == plan.AuthorPersonId)
        {
            return Problems.Rule("self-sign-off", "The plan's author does not sign it off; the KAM's manager does.");
        }

        if (context.Roles is not { } roles || AccountRolesOn.From(roles, on).AccountManager is not { } kam)
        {
            return Problems.Rule("no-account-manager", $"The account had no KAM on {on:yyyy-MM-dd}, so no KAM's manager to sign the plan off.");
        }

        manager = AccountRolesOn.From(roles, on).KamRole is { ManagerPersonId: { } organised } role && role.PersonId == kam.PersonId
            ? new KamManager(kam.PersonId, organised, ManagerSource.KamRole)
            : context.Kam?.ProfileOn(on).ManagerPersonId is { } lineManager
                ? new KamManager(kam.PersonId, lineManager, ManagerSource.Directory)
                : null;
        if (manager is null)
        {
            return Problems.Rule("no-kam-manager", $"Neither the KAM role's organisation nor the people directory names a manager for {kam.PersonId} on {on:yyyy-MM-dd}.");
        }

        if (manager.ManagerPersonId != signer.PersonId)
        {
            var who = manager;
            manager = null;
            return Problems.Rule("not-kams-manager",
                $"{signer.PersonId} is not the KAM's manager: on {on:yyyy-MM-dd} {who.KamPersonId}'s manager was {who.ManagerPersonId} ({who.Source}).");
        }

        return Problems.None;
    }

    /// <summary>Sign off an account plan.</summary>
    /// <remarks>
    /// Appends <c>AccountPlanSignedOff</c> for the plan's latest version, dated <c>occurredAt</c> (default now), with who the KAM was
    /// and where their manager was found. A later revision needs a sign-off of its own.
    /// </remarks>
    [WolverinePost("/api/plans/{planId}/sign-off", OperationId = "SignOffAccountPlan")]
    [Tags("Account plans")]
    public static Events Post(
        SignOffAccountPlan command, [WriteAggregate("planId")] AccountPlan plan, SignOffContext context, DateTimeOffset now, ClaimsPrincipal user)
    {
        Decide(plan, context, user.Actor(), command.On(now), out var manager);
        return [new AccountPlanSignedOff(plan.AccountId, plan.Id, plan.PlanVersion, manager!.ManagerPersonId, manager.KamPersonId, manager.Source,
            command.Note?.Trim(), command.When(now), user.Actor())];
    }
}
