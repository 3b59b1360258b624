using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Relationships;

/// <summary>
/// Who was a stakeholder of the account on a date, for facts that name the customer's people (an agreement to a plan objective, a
/// project's sponsor and members): a stakeholder of another account, or one not yet known then, is 422 <c>unknown-stakeholder</c>;
/// one who had left the customer by then is 422 <c>stakeholder-left</c>. Read from the account's role history, so the answer is
/// that of the fact's own date, whenever it is recorded.
/// </summary>
public static class StakeholderChecks
{
    public static ProblemDetails OnDate(AccountRoles roles, string field, IEnumerable<Guid> stakeholderIds, DateOnly on)
    {
        foreach (var id in stakeholderIds)
        {
            var terms = roles.Stakeholders.Where(s => s.StakeholderId == id).ToList();
            if (terms.Count == 0 || terms[0].From > on)
            {
                return Problems.Rule("unknown-stakeholder", $"{field}: {id} was not a stakeholder of this account on {on:yyyy-MM-dd}.");
            }

            if (!terms.Any(t => t.HoldsOn(on)) && terms[^1] is { Left: true, To: { } left })
            {
                return Problems.Rule("stakeholder-left", $"{field}: {id} left the customer on {left:yyyy-MM-dd}, so was no longer a stakeholder on {on:yyyy-MM-dd}.");
            }
        }

        return Problems.None;
    }

    /// <summary>The stakeholder's profile in force on <paramref name="on"/> (the first one before it, the last after); null when unknown.</summary>
    public static StakeholderProfile? ProfileOn(AccountRoles roles, Guid stakeholderId, DateOnly on)
    {
        var terms = roles.Stakeholders.Where(s => s.StakeholderId == stakeholderId).ToList();
        return terms.Count == 0 ? null : (terms.FirstOrDefault(t => t.HoldsOn(on)) ?? (on < terms[0].From ? terms[0] : terms[^1])).Profile;
    }
}
