using Kam.EventStore.Commitments;
using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Sales;

/// <summary>
/// A negotiation as it stands, with its rounds and concessions: the write model of a negotiation stream, and the negotiation
/// as the account's sales views show it. Never holds the mandate (writers only; read from the stream when shown). Immutable.
/// </summary>
/// <param name="Id">The negotiation (its stream id).</param>
/// <param name="AccountId">The account.</param>
/// <param name="Subject">What is negotiated.</param>
/// <param name="OpportunityId">The opportunity it is about, if any.</param>
/// <param name="RenewalOf">The agreement it renews, if it is a renewal.</param>
/// <param name="NegotiatorPersonIds">Our negotiators.</param>
/// <param name="StakeholderIds">Their stakeholders at the table.</param>
/// <param name="Status">Open, agreed or without agreement.</param>
/// <param name="OpenedOn">The business date it opened.</param>
/// <param name="Rounds">The rounds held, in order.</param>
/// <param name="Concessions">Every concession offered, as it stands.</param>
/// <param name="AgreedTerms">The terms agreed, when it closed with an agreement.</param>
/// <param name="CloseReason">Why it closed without agreement.</param>
/// <param name="ClosedOn">The business date it closed.</param>
/// <param name="LastFactAt">The business time of its latest fact: a new fact may not precede it.</param>
[DuplicateRule("duplicate-negotiation")]
public sealed record Negotiation(
    Guid Id,
    Guid AccountId,
    string Subject,
    Guid? OpportunityId,
    string? RenewalOf,
    IReadOnlyList<string> NegotiatorPersonIds,
    IReadOnlyList<Guid> StakeholderIds,
    NegotiationStatus Status,
    DateOnly OpenedOn,
    IReadOnlyList<NegotiationRound> Rounds,
    IReadOnlyList<Concession> Concessions,
    string? AgreedTerms,
    string? CloseReason,
    DateOnly? ClosedOn,
    DateTimeOffset LastFactAt) : IWriteModel<SalesWritten>
{
    /// <summary>The negotiation stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    public bool IsOpen => Status == NegotiationStatus.Open;

    public Concession? Concession(Guid id) => Concessions.FirstOrDefault(c => c.Id == id);

    public static Negotiation Create(NegotiationOpened e) => new(
        e.NegotiationId, e.AccountId, e.Subject, e.OpportunityId, e.RenewalOf, e.NegotiatorPersonIds, e.StakeholderIds, NegotiationStatus.Open, e.OpenedOn,
        [], [], null, null, null, BusinessTime.Of(e));

    public Negotiation Apply(NegotiationRoundHeld e) => this with
    {
        Rounds = [.. Rounds, new NegotiationRound(e.Round, e.HeldOn, e.WeAsked, e.WeOffered, e.TheyAsked, e.TheyOffered)], LastFactAt = BusinessTime.Of(e),
    };

    public Negotiation Apply(ConcessionOffered e) => this with
    {
        Concessions =
        [
            .. Concessions, new Concession(e.ConcessionId, e.Kind, e.Description, e.DiscountPercent, e.Value, e.PaymentTermDays, e.OfferedByPersonId,
                e.OfferedOn, e.Check, e.Check.Within ? ConcessionStatus.Offered : ConcessionStatus.PendingApproval, e.Check.Within ? null : e.Check.Approver,
                null, null, null, null, null),
        ],
        LastFactAt = BusinessTime.Of(e),
    };

    public Negotiation Apply(ConcessionApproved e) =>
        Change(e.ConcessionId, c => c with { Status = ConcessionStatus.Offered, PendingApproverPersonId = null, ApprovedByPersonId = e.ApprovedByPersonId, ApproverCheck = e.ApproverCheck }, e);

    public Negotiation Apply(ConcessionRejected e) =>
        Change(e.ConcessionId, c => c with { Status = ConcessionStatus.Rejected, PendingApproverPersonId = null, ClosedOn = BusinessTime.DateOf(e) }, e);

    public Negotiation Apply(ConcessionGranted e) =>
        Change(e.ConcessionId, c => c with { Status = ConcessionStatus.Granted, CommitmentId = e.CommitmentId, GrantedValue = e.Value, ClosedOn = e.GrantedOn }, e);

    public Negotiation Apply(ConcessionWithdrawn e) =>
        Change(e.ConcessionId, c => c with { Status = ConcessionStatus.Withdrawn, PendingApproverPersonId = null, ClosedOn = BusinessTime.DateOf(e) }, e);

    public Negotiation Apply(NegotiationClosed e) => this with
    {
        Status = e.Outcome == NegotiationOutcome.Agreement ? NegotiationStatus.Agreed : NegotiationStatus.NoAgreement,
        AgreedTerms = e.AgreedTerms, CloseReason = e.Reason, ClosedOn = e.ClosedOn, LastFactAt = BusinessTime.Of(e),
    };

    private Negotiation Change(Guid concessionId, Func<Concession, Concession> change, IBusinessFact e) =>
        this with { Concessions = [.. Concessions.Select(c => c.Id == concessionId ? change(c) : c)], LastFactAt = BusinessTime.Of(e) };

    public ProblemDetails? Closed() => IsOpen
        ? null
        : Problems.Conflict("negotiation-closed", $"The negotiation closed on {ClosedOn:yyyy-MM-dd} ({Status}); it takes no further change.");

    public SalesWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var after = appended.Aggregate(this, (state, e) => Advance(state, e)!);
        var (at, defaulted) = SalesWritten.TimeOf(appended, now);
        var concessionId = appended.Select(e => e switch
        {
            ConcessionOffered x => x.ConcessionId,
            ConcessionApproved x => x.ConcessionId,
            ConcessionRejected x => x.ConcessionId,
            ConcessionGranted x => x.ConcessionId,
            ConcessionWithdrawn x => x.ConcessionId,
            _ => (Guid?)null,
        }).OfType<Guid>().FirstOrDefault();
        var concession = after.Concession(concessionId);
        return new SalesWritten(Id, version, at, defaulted, after.Status.ToString(), concession?.Id, concession?.Status, concession?.CommitmentId);
    }

    /// <summary>One event onto the negotiation (null before it was opened); events it does not know leave it as it is.</summary>
    public static Negotiation? Advance(Negotiation? state, object e) => (e, state) switch
    {
        (NegotiationOpened opened, _) => Create(opened),
        (_, null) => null,
        (NegotiationRoundHeld x, { } s) => s.Apply(x),
        (ConcessionOffered x, { } s) => s.Apply(x),
        (ConcessionApproved x, { } s) => s.Apply(x),
        (ConcessionRejected x, { } s) => s.Apply(x),
        (ConcessionGranted x, { } s) => s.Apply(x),
        (ConcessionWithdrawn x, { } s) => s.Apply(x),
        (NegotiationClosed x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };
}

/// <summary>A round of a negotiation: when, and what each side asked for and offered.</summary>
public sealed record NegotiationRound(int Round, DateOnly HeldOn, string WeAsked, string WeOffered, string TheyAsked, string TheyOffered);

/// <summary>A concession in a negotiation, as it stands.</summary>
/// <param name="Id">The concession.</param>
/// <param name="Kind">What it gives.</param>
/// <param name="Description">In words the customer would recognise.</param>
/// <param name="DiscountPercent">The discount, for a discount.</param>
/// <param name="Value">Its value as offered (a price reduction, what a free service is worth), when given.</param>
/// <param name="PaymentTermDays">The payment terms offered, for payment terms.</param>
/// <param name="OfferedByPersonId">The negotiator who offered it.</param>
/// <param name="OfferedOn">The business date it was offered.</param>
/// <param name="Check">The negotiator's authority check on that date.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="PendingApproverPersonId">Who is to approve it, while pending.</param>
/// <param name="ApprovedByPersonId">Who approved it, when it needed approval.</param>
/// <param name="ApproverCheck">The approver's authority check, when approved.</param>
/// <param name="CommitmentId">The commitment it became, once granted.</param>
/// <param name="GrantedValue">Its value as granted, where it can be computed (given, or the discount on the opportunity's value).</param>
/// <param name="ClosedOn">The business date it was granted, withdrawn or rejected.</param>
public sealed record Concession(
    Guid Id,
    ConcessionKind Kind,
    string Description,
    decimal? DiscountPercent,
    Money? Value,
    int? PaymentTermDays,
    string OfferedByPersonId,
    DateOnly OfferedOn,
    AuthorityCheck Check,
    ConcessionStatus Status,
    string? PendingApproverPersonId,
    string? ApprovedByPersonId,
    AuthorityCheck? ApproverCheck,
    Guid? CommitmentId,
    Money? GrantedValue,
    DateOnly? ClosedOn)
{
    /// <summary>Still to be granted or withdrawn (pending approval, or offered).</summary>
    public bool IsOpen => Status is ConcessionStatus.PendingApproval or ConcessionStatus.Offered;
}
