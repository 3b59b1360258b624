using Kam.EventStore.Portfolio;

namespace Kam.EventStore.History;

/// <summary>How reads interpret <c>asOf</c>, in one place.</summary>
public static class PastViews
{
    /// <summary>
    /// The recorded time a read is pinned to: <paramref name="asOf"/>, or now when it is absent or ahead of the clock (what is
    /// recorded after now would otherwise slip into a view that claims a later time).
    /// </summary>
    public static DateTimeOffset Instant(DateTimeOffset? asOf, TimeProvider clock) => Instant(asOf, clock.GetUtcNow());

    /// <inheritdoc cref="Instant(DateTimeOffset?, TimeProvider)"/>
    public static DateTimeOffset Instant(DateTimeOffset? asOf, DateTimeOffset now) => asOf is { } at && at < now ? at.ToUniversalTime() : now;

    /// <summary>The business date a past view shows by default: the date of its instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The status as it read after the view's events, with the commitment counts as they stood then (no contact activity).</summary>
    public static AccountStatus StatusOf(AccountView view)
    {
        var status = view.Status!;
        status.Commitments = AccountActivities.Show(view.Activity.Promises);
        return status;
    }
}
