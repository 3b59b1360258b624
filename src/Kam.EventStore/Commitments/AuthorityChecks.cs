using Kam.EventStore.People;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Commitments;

/// <summary>
/// Checks terms (a commitment, a concession, a change to a plan...) against a person's authority in force on a date, and the
/// rule every approval follows. Pure. Every area that asks "was this within their authority, and who approved it" uses these,
/// so the verdict recorded on its events reads the same everywhere.
/// </summary>
public static class AuthorityChecks
{
    /// <summary>
    /// The approval rule: the approver is in the people directory (422 <c>unknown-person</c>), is not the one who made it
    /// (422 <c>self-approval</c>), and their own authority in force on <paramref name="on"/> covers the terms (422
    /// <c>approver-lacks-authority</c>, naming why). <paramref name="check"/> is the approver's check, to record on the approval.
    /// </summary>
    public static ProblemDetails Approval(
        Person? approver, string caller, string maker, DateOnly on, CommitmentKind kind, Money? value, decimal? discountPercent, out AuthorityCheck? check)
    {
        check = null;
        if (approver is null)
        {
            return Problems.Rule("unknown-person", $"The caller '{caller}' is not in the people directory, so has no authority to approve.");
        }

        if (approver.PersonId == maker)
        {
            return Problems.Rule("self-approval", "Nobody approves their own commitment.");
        }

        check = Check(approver.PersonId, approver.AuthorityOn(on), on, kind, value, discountPercent);
        return check.Within
            ? Problems.None
            : Problems.Rule("approver-lacks-authority", $"{approver.PersonId}'s own authority does not cover it: {string.Join(" ", check.Reasons)}");
    }

    public static AuthorityCheck Check(string personId, AuthorityGrant? grant, DateOnly on, CommitmentKind kind, Money? value, decimal? discountPercent)
    {
        if (grant is null)
        {
            return new AuthorityCheck(personId, on, null, null, null, false, false, null, [$"{personId} had no authority in force on {on:yyyy-MM-dd}."]);
        }

        var reasons = new List<string>();
        var kindAllowed = grant.CommitmentKinds.Contains(kind);
        if (!kindAllowed)
        {
            reasons.Add($"{kind} commitments are not among those {personId} may make alone.");
        }

        decimal? maxValue = null;
        if (value is not null)
        {
            maxValue = grant.MaxCommitmentValues.FirstOrDefault(m => m.Currency == value.Currency)?.Amount;
            if (maxValue is null)
            {
                reasons.Add($"{personId} may not commit {value.Currency} amounts alone.");
            }
            else if (value.Amount > maxValue)
            {
                reasons.Add($"{value.Amount} {value.Currency} is above the {maxValue} {value.Currency} {personId} may commit alone.");
            }
        }

        if (discountPercent is { } discount && discount > grant.MaxDiscountPercent)
        {
            reasons.Add($"A {discount}% discount is above the {grant.MaxDiscountPercent}% {personId} may grant alone.");
        }

        return new AuthorityCheck(personId, on, grant.EffectiveFrom, maxValue, grant.MaxDiscountPercent, kindAllowed, reasons.Count == 0,
            grant.ApproverPersonId, reasons);
    }
}
