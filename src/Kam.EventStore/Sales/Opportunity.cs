using Microsoft.AspNetCore.Mvc;

namespace Kam.EventStore.Sales;

/// <summary>
/// An opportunity as it stands: the write model of an opportunity stream, and the opportunity as the account's sales views
/// show it. Immutable: <c>Create</c> and <c>Apply</c> return a new value.
/// </summary>
/// <param name="Id">The opportunity (its stream id).</param>
/// <param name="AccountId">The account it belongs to.</param>
/// <param name="Title">What it is.</param>
/// <param name="Value">Its value, as it stands.</param>
/// <param name="ExpectedCloseOn">When it is expected to close, as it stands.</param>
/// <param name="Products">The products it is for.</param>
/// <param name="OwnerPersonId">Who of ours owns it.</param>
/// <param name="StakeholderIds">Their stakeholders involved.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Stage">Its stage (the last one while it was open, once closed).</param>
/// <param name="Status">Open, won, lost or abandoned.</param>
/// <param name="OpenedOn">The business date it was opened.</param>
/// <param name="ClosedOn">The business date it was won, lost or abandoned.</param>
/// <param name="BookedValue">The value booked when won.</param>
/// <param name="CommitmentIds">The commitments made to win it.</param>
/// <param name="CloseReason">Why it was lost or abandoned, or the note on the win.</param>
/// <param name="LostTo">The competitor it was lost to.</param>
/// <param name="LostToCompetitorId">The competitor presence on the account that loss is linked to.</param>
/// <param name="LastFactAt">The business time of its latest fact: a new fact may not precede it.</param>
[DuplicateRule("duplicate-opportunity")]
public sealed record Opportunity(
    Guid Id,
    Guid AccountId,
    string Title,
    Money Value,
    DateOnly ExpectedCloseOn,
    IReadOnlyList<string> Products,
    string OwnerPersonId,
    IReadOnlyList<Guid> StakeholderIds,
    string Source,
    OpportunityStage Stage,
    OpportunityStatus Status,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    Money? BookedValue,
    IReadOnlyList<Guid> CommitmentIds,
    string? CloseReason,
    string? LostTo,
    Guid? LostToCompetitorId,
    DateTimeOffset LastFactAt) : IWriteModel<SalesWritten>
{
    /// <summary>The opportunity stream's version this state reflects (set by Marten).</summary>
    public long Version { get; set; }

    public bool IsOpen => Status == OpportunityStatus.Open;

    public static Opportunity Create(OpportunityOpened e) => new(
        e.OpportunityId, e.AccountId, e.Title, e.Value, e.ExpectedCloseOn, e.Products, e.OwnerPersonId, e.StakeholderIds, e.Source, e.Stage,
        OpportunityStatus.Open, e.OpenedOn, null, null, [], null, null, null, BusinessTime.Of(e));

    public Opportunity Apply(OpportunityStageChanged e) => this with { Stage = e.Stage, LastFactAt = BusinessTime.Of(e) };

    public Opportunity Apply(OpportunityRevised e) => this with { Value = e.Value, ExpectedCloseOn = e.ExpectedCloseOn, LastFactAt = BusinessTime.Of(e) };

    public Opportunity Apply(OpportunityWon e) => this with
    {
        Status = OpportunityStatus.Won, ClosedOn = e.WonOn, BookedValue = e.BookedValue, CommitmentIds = e.CommitmentIds, CloseReason = e.Note,
        LastFactAt = BusinessTime.Of(e),
    };

    public Opportunity Apply(OpportunityLost e) => this with
    {
        Status = OpportunityStatus.Lost, ClosedOn = e.LostOn, CloseReason = e.Reason, LostTo = e.CompetitorName, LostToCompetitorId = e.CompetitorId,
        LastFactAt = BusinessTime.Of(e),
    };

    public Opportunity Apply(OpportunityAbandoned e) =>
        this with { Status = OpportunityStatus.Abandoned, ClosedOn = e.AbandonedOn, CloseReason = e.Reason, LastFactAt = BusinessTime.Of(e) };

    public Opportunity Apply(OpportunityReopened e) => this with
    {
        Status = OpportunityStatus.Open, Stage = e.Stage, ClosedOn = null, CloseReason = null, LostTo = null, LostToCompetitorId = null,
        LastFactAt = BusinessTime.Of(e),
    };

    public ProblemDetails? Closed() => IsOpen
        ? null
        : Problems.Conflict("opportunity-closed", $"The opportunity was {Status.ToString().ToLowerInvariant()} on {ClosedOn:yyyy-MM-dd}; it takes no further change.");

    public SalesWritten Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now)
    {
        var after = appended.Aggregate(this, (state, e) => Advance(state, e)!);
        var (at, defaulted) = SalesWritten.TimeOf(appended, now);
        return new SalesWritten(Id, version, at, defaulted, after.Status.ToString(),
            CompetitorId: after.LostToCompetitorId);
    }

    /// <summary>One event onto the opportunity (null before it was opened); events it does not know leave it as it is.</summary>
    public static Opportunity? Advance(Opportunity? state, object e) => (e, state) switch
    {
        (OpportunityOpened opened, _) => Create(opened),
        (_, null) => null,
        (OpportunityStageChanged x, { } s) => s.Apply(x),
        (OpportunityRevised x, { } s) => s.Apply(x),
        (OpportunityWon x, { } s) => s.Apply(x),
        (OpportunityLost x, { } s) => s.Apply(x),
        (OpportunityAbandoned x, { } s) => s.Apply(x),
        (OpportunityReopened x, { } s) => s.Apply(x),
        (_, { } s) => s,
    };
}
