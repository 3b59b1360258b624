namespace Kam.EventStore.Accounts;

/// <summary>What a successful write to an account answers: the account, its version after the write, and the business time recorded.</summary>
/// <param name="AccountId">The account written to.</param>
/// <param name="Version">The account's version after the write; send it as the expected version of the next write.</param>
/// <param name="OccurredAt">The business time recorded on the fact: as the request gave it (an instant, or the start of a past date), or now.</param>
/// <param name="BusinessTimeDefaulted">True when the request gave no business time, so the fact is dated now.</param>
public sealed record AccountWritten(Guid AccountId, long Version, DateTimeOffset OccurredAt, bool BusinessTimeDefaulted)
{
    /// <summary>The answer to a write that appended <paramref name="appended"/>, leaving the account at <paramref name="version"/>.</summary>
    public static AccountWritten After(Guid accountId, long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var occurredAt = appended.OfType<IAccountEvent>().Select(e => e.OccurredAt).DefaultIfEmpty(now).First();
        return new AccountWritten(accountId, version, occurredAt, occurredAt == now);
    }
}
