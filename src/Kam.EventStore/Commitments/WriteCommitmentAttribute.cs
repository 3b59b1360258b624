using Wolverine.Marten;

namespace Kam.EventStore.Commitments;

/// <summary>
/// A commitment loaded for writing with its stream locked until the commit (Marten's exclusive load). The scheduled overdue
/// check appends to commitments on its own: a person's change arriving at the same moment then waits for it and is decided on
/// the newer state, instead of losing an optimistic race with a 409 it never asked for (it may give no expected version at all).
/// A change that does give one is still refused when the commitment moved past it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WriteCommitmentAttribute : WriteAggregateAttribute
{
    public WriteCommitmentAttribute()
    {
        LoadStyle = ConcurrencyStyle.Exclusive;
    }
}
