using Kam.EventStore.Infrastructure;
using Kam.EventStore.People;

namespace Kam.EventStore.Commitments;

/// <summary>Checks a commitment's terms against a person's authority in force on a date. Pure.</summary>
public static class AuthorityChecks
{
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
