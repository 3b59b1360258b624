using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Commitments;

/// <summary>A commitment made to carry out an action of an account plan.</summary>
public sealed record PlanActionLink
{
    public PlanActionLink(Guid planId, Guid actionId)
    {
        PlanId = planId;
        ActionId = actionId;
    }

    // Read by its properties, like Money, so a request missing a part is refused by name rather than read as the empty id.
    [JsonConstructor]
    private PlanActionLink()
    {
    }

    /// <summary>The plan.</summary>
    [JsonRequired]
    public Guid PlanId { get; init; }

    /// <summary>The planned action (of the plan's latest version).</summary>
    [JsonRequired]
    public Guid ActionId { get; init; }
}

/// <summary>A commitment that depends on a milestone of a joint development project: when the milestone slips, the commitment is at risk.</summary>
public sealed record MilestoneLink
{
    public MilestoneLink(Guid projectId, Guid milestoneId)
    {
        ProjectId = projectId;
        MilestoneId = milestoneId;
    }

    [JsonConstructor]
    private MilestoneLink()
    {
    }

    /// <summary>The project.</summary>
    [JsonRequired]
    public Guid ProjectId { get; init; }

    /// <summary>The milestone.</summary>
    [JsonRequired]
    public Guid MilestoneId { get; init; }
}

/// <summary>
/// Whether what a new commitment links to exists on its account: known by the areas that own plans and projects, so this area
/// asks through this interface rather than reading their documents (areas do not import each other in cycles).
/// </summary>
public interface ICommitmentLinkTargets
{
    /// <summary>
    /// 422 <c>unknown-plan-action</c> unless the action is in the latest version of a plan of <paramref name="accountId"/>;
    /// 422 <c>unknown-milestone</c> unless the milestone is one of a project of that account.
    /// </summary>
    Task<ProblemDetails> CheckAsync(IQuerySession session, Guid accountId, PlanActionLink? planAction, MilestoneLink? milestone, CancellationToken cancellation);
}

/// <summary>The commitments that link to a plan's actions or a project's milestones, now or as of a past instant or date.</summary>
public static class LinkedCommitments
{
    /// <summary>
    /// The account's commitments matching <paramref name="linked"/>: as they stand, or as recorded by <paramref name="asOf"/> and (with
    /// <paramref name="on"/>) as they stood on that business date; those not yet made (or recorded) then are left out.
    /// </summary>
    public static async Task<IReadOnlyList<Commitment>> OfAsync(
        IQuerySession session, Guid accountId, Expression<Func<Commitment, bool>> linked, DateTimeOffset? asOf, DateOnly? on, CancellationToken cancellation)
    {
        var current = await session.Query<Commitment>().Where(c => c.AccountId == accountId).Where(linked).OrderBy(c => c.Id).ToListAsync(cancellation);
        if ((asOf is null && on is null) || current.Count == 0)
        {
            return current;
        }

        // Commitments are never deleted, and a link is set when one is made: every commitment linked then is among today's.
        var events = await CommitmentHistory.EventsAsync(session, [.. current.Select(c => c.Id)], asOf, cancellation);
        return [.. events.GroupBy(e => e.StreamId)
            .Select(g => on is { } date ? Commitment.FoldOn(g.Select(e => e.Data), date) : Commitment.Fold(g.Select(e => e.Data)))
            .OfType<Commitment>()
            .OrderBy(c => c.Id)];
    }
}
