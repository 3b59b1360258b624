using Kam.EventStore.Commitments;
using Kam.EventStore.Plans;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Projects;

/// <summary>
/// What a commitment may link to: an action of the latest version of one of the account's plans, or a milestone of one of its
/// projects. Lives with projects, which know plans; commitments ask through <see cref="ICommitmentLinkTargets"/>.
/// </summary>
public sealed class CommitmentLinkTargets : ICommitmentLinkTargets
{
    public async Task<ProblemDetails> CheckAsync(
        IQuerySession session, Guid accountId, PlanActionLink? planAction, MilestoneLink? milestone, CancellationToken cancellation)
    {
        if (planAction is not null
            && (await session.LoadAsync<AccountPlan>(planAction.PlanId, cancellation) is not { } plan || plan.AccountId != accountId
                || plan.Content.Action(planAction.ActionId) is null))
        {
            return Problems.Rule("unknown-plan-action",
                $"planAction: {planAction.ActionId} is not an action of the latest version of a plan {planAction.PlanId} of this account.");
        }

        if (milestone is not null
            && (await session.LoadAsync<Project>(milestone.ProjectId, cancellation) is not { } project || project.AccountId != accountId
                || project.MilestoneOf(milestone.MilestoneId) is null))
        {
            return Problems.Rule("unknown-milestone",
                $"milestone: {milestone.MilestoneId} is not a milestone of a project {milestone.ProjectId} of this account.");
        }

        return Problems.None;
    }
}
