namespace Kam.EventStore.Store;

/// <summary>
/// The clock of recorded times, to the microsecond: what PostgreSQL stores. Inline projections see an event's recorded time
/// before it is stored, rebuilds see it as stored; with the clock's 100-nanosecond ticks the two differed (a timeline entry's
/// <c>recordedAt</c>, an interaction's), and rebuilt documents no longer equalled the ones built as events arrived.
/// </summary>
public sealed class RecordedClock(TimeProvider clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
