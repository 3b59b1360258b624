using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Sales;

/// <summary>The rules the sales area's commands share: business time, the account they belong to, its stakeholders.</summary>
public static class SalesRules
{
    /// <summary>
    /// The business time of a change dated <paramref name="on"/> (its own date field <paramref name="dateField"/>) or by
    /// <c>occurredAt</c>, or now: the series rule every area shares (<see cref="SeriesDates.Check"/>).
    /// </summary>
    public static ProblemDetails Dated(
        FieldErrors errors, DateTimeOffset? occurredAt, string dateField, DateOnly? on, DateTimeOffset? latest, string what, DateTimeOffset now) =>
        SeriesDates.Check(errors, occurredAt, dateField, on, latest, what, now);

    /// <summary>A change to an existing record, dated by <c>occurredAt</c> alone (or now).</summary>
    public static ProblemDetails Dated(FieldErrors errors, SalesChange change, DateTimeOffset latest, string what, DateTimeOffset now) =>
        Dated(errors, change.OccurredAt, "occurredAt", null, latest, what, now);

    /// <summary>When the change happened in business time.</summary>
    public static DateTimeOffset When(this SalesChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.Resolve(change.OccurredAt, on, now);

    /// <summary>The business date of the change.</summary>
    public static DateOnly On(this SalesChange change, DateTimeOffset now, DateOnly? on = null) => BusinessTime.DateOf(change.OccurredAt, on, now);

    /// <summary>
    /// A new record (budget, actual, opportunity, negotiation) belongs to a key account that exists (404), whose history is
    /// open (409 <c>designation-ended</c>), and is dated from the designation on (422 <c>before-designation</c>).
    /// </summary>
    public static ProblemDetails OnOpenAccount(KeyAccount? account, Guid accountId, string dateField, DateOnly date)
    {
        if (account is null)
        {
            return Problems.NotFound("Key account", accountId);
        }

        return AccountChangeRules.Closed(account) ?? AccountChangeRules.NotBeforeDesignation(dateField, date, account.DesignatedOn);
    }

    /// <summary>
    /// 422 <c>unknown-stakeholder</c> naming <paramref name="field"/> when any of the ids is not a stakeholder of the account on
    /// <paramref name="on"/> (not yet added, or already left).
    /// </summary>
    public static ProblemDetails Stakeholders(AccountRelationships? account, string field, IEnumerable<Guid> stakeholderIds, DateOnly on)
    {
        var strangers = stakeholderIds.Where(id => account?.Stakeholder(id) is not { } s || s.AddedOn > on || s.LeftOn < on).ToList();
        return strangers.Count > 0
            ? Problems.Rule("unknown-stakeholder", $"{field}: not stakeholders of this account on {on:yyyy-MM-dd}: {string.Join(", ", strangers)}.")
            : Problems.None;
    }

    /// <summary>The all-zero id is never a record's id.</summary>
    public static FieldErrors NotEmptyId(this FieldErrors errors, string field, Guid? id) =>
        id == Guid.Empty ? errors.Add(field, "Must not be the empty id.") : errors;
}
