using System.Globalization;

namespace Kam.EventStore.Sales;

/// <summary>
/// How the sales area's events read on the timeline. Never a negotiation's mandate: the timeline is for readers too.
/// Stakeholders are not named (events hold them by id only).
/// </summary>
public static class SalesTitles
{
    /// <summary>The title of a sales event; null for any other event.</summary>
    public static string? For(object e) => e switch
    {
        RevenueBudgetSet b => $"Revenue budget set for {b.Period}{Line(b.ProductLine)}: {Amount(b.Total, b.Currency)}",
        RevenueBudgetRevised b => $"Revenue budget revised to {Number(b.Total)} (was {Number(b.PreviousTotal)}): {b.Reason}",
        RevenueActualRecorded a => $"Revenue booked for {a.Period}{Line(a.ProductLine)}: {Money(a.Amount)} ({a.Source})",
        RevenueActualCorrected a => $"Revenue actual corrected from {Money(a.PreviousAmount)} to {Money(a.Amount)}: {a.Reason}",
        OpportunityOpened o => $"Opportunity opened: {o.Title}, {Money(o.Value)}, expected to close {o.ExpectedCloseOn:yyyy-MM-dd}",
        OpportunityStageChanged o => $"Opportunity moved from {o.PreviousStage} to {o.Stage}",
        OpportunityRevised o => $"Opportunity revised to {Money(o.Value)}, closing {o.ExpectedCloseOn:yyyy-MM-dd}: {o.Reason}",
        OpportunityWon o => $"Opportunity won: {Money(o.BookedValue)} booked",
        OpportunityLost o => o.CompetitorName is { } competitor ? $"Opportunity lost to {competitor}: {o.Reason}" : $"Opportunity lost: {o.Reason}",
        OpportunityAbandoned o => $"Opportunity abandoned: {o.Reason}",
        OpportunityReopened o => $"Opportunity reopened at {o.Stage}: {o.Reason}",
        NegotiationOpened n => $"Negotiation opened: {n.Subject}",
        NegotiationRoundHeld n => $"Negotiation round {n.Round}: they asked {n.TheyAsked}",
        ConcessionOffered c => $"Concession offered by {c.OfferedByPersonId}: {c.Description}{(c.Check.Within ? "" : ", beyond authority")}",
        ConcessionApproved c => $"Concession approved by {c.ApprovedByPersonId}",
        ConcessionRejected c => $"Concession rejected by {c.RejectedByPersonId}: {c.Reason}",
        ConcessionGranted => "Concession granted: now a commitment",
        ConcessionWithdrawn c => $"Concession withdrawn: {c.Reason}",
        NegotiationClosed n => n.Outcome == NegotiationOutcome.Agreement ? $"Negotiation closed with an agreement: {n.AgreedTerms}" : $"Negotiation closed without agreement: {n.Reason}",
        _ => null,
    };

    private static string Line(string? productLine) => productLine is null ? "" : $" ({productLine})";

    private static string Amount(decimal amount, string currency) => $"{Number(amount)} {currency}";

    private static string Money(Money money) => Amount(money.Amount, money.Currency);

    private static string Number(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);
}
