using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Accounts;

/// <summary>
/// The write model of a key account: what the account's commands need to decide. Immutable: <c>Create</c> and
/// <c>Apply</c> return a new value. Kept as an inline snapshot so a write loads one row, however long the account's history
/// is. It has no version of its own: other write models share the stream and a snapshot only moves on the events it
/// applies, so the stream's version comes from the loaded stream (<see cref="WriteConventions"/>). The <c>...Since</c>
/// instants are the business times of the latest fact of each series, which a new fact may not precede.
/// </summary>
[DuplicateRule("duplicate-account")]
public sealed record KeyAccount(
    Guid Id,
    string Name,
    string RegistryId,
    string Segment,
    AccountTier Tier,
    IReadOnlyList<string> CriteriaMet,
    DateOnly DesignatedOn,
    Money RevenueBudget,
    AccountHealth Status,
    bool DesignationEnded,
    DateTimeOffset NameSince = default,
    DateTimeOffset TierSince = default,
    DateTimeOffset StatusSince = default) : IAccountState, IWriteModel<AccountWritten>
{
    public static KeyAccount Create(KeyAccountDesignated e) =>
        new(e.AccountId, e.Name, e.RegistryId, e.Segment, e.Tier, e.CriteriaMet, e.DesignatedOn, e.RevenueBudget,
            AccountHealth.Active, DesignationEnded: false, e.OccurredAt, e.OccurredAt, e.OccurredAt);

    public KeyAccount Apply(KeyAccountRenamed e) => this with { Name = e.Name, NameSince = e.OccurredAt };

    public KeyAccount Apply(AccountDetailsCorrected e) => this with
    {
        Name = e.Name ?? Name,
        RegistryId = e.RegistryId ?? RegistryId,
        Segment = e.Segment ?? Segment,
        CriteriaMet = e.CriteriaMet ?? CriteriaMet,
        DesignatedOn = e.DesignatedOn ?? DesignatedOn,
        RevenueBudget = e.RevenueBudget ?? RevenueBudget,
    };

    public KeyAccount Apply(KeyAccountReclassified e) => this with { Tier = e.Tier, TierSince = e.OccurredAt };

    public KeyAccount Apply(AccountStatusChanged e) => this with { Status = e.Status, StatusSince = e.OccurredAt };

    public KeyAccount Apply(KeyAccountDesignationEnded e) => this with { DesignationEnded = true };

    public ProblemDetails? Closed() => AccountChangeRules.Closed(this);

    public AccountWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now) => AccountWritten.After(Id, version, appended, now);
}
