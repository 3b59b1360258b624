using System.Globalization;
using System.Security.Claims;
using JasperFx.Events;
using Kam.EventStore.Interactions;
using Kam.EventStore.Timeline;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Kam.EventStore.Portfolio;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Kam.EventStore.Relationships;

/// <summary>
/// Erase a customer stakeholder's personal data at their request (GDPR article 17, right to erasure). Admins only.
/// </summary>
public sealed record EraseStakeholderPersonalData : IExpectVersion, IAppliesToClosedHistory
{
    /// <summary>Why, e.g. the reference of the erasure request. Must not repeat the name, e-mail or phone being erased.</summary>
    /// <example>Erasure request GDPR-2026-041</example>
    public string Reason { get; init; } = "";

    /// <inheritdoc />
    public long? Version { get; init; }
}

public static class EraseStakeholderPersonalDataEndpoint
{
    public static ProblemDetails Validate(EraseStakeholderPersonalData command, Guid stakeholderId, AccountRelationships account)
    {
        var errors = new FieldErrors().Required("reason", command.Reason, FieldErrors.LongText);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (account.Stakeholder(stakeholderId) is not { } stakeholder)
        {
            return Problems.NotFound("Stakeholder", stakeholderId);
        }

        if (stakeholder.Erased)
        {
            return Problems.Conflict("already-erased", $"The personal data of stakeholder {stakeholderId} has already been erased.");
        }

        return StakeholderPersonalData.IdentifyingValues(stakeholder.Profile).Any(v => command.Reason.Contains(v.Trim(), StringComparison.OrdinalIgnoreCase))
            ? Problems.Rule("reason-repeats-personal-data", "The reason must not repeat the name, e-mail or phone being erased: it is kept forever.")
            : Problems.None;
    }

    /// <summary>Erase a stakeholder's personal data.</summary>
    /// <remarks>
    /// Masks the stakeholder's name, title, department, e-mail, phone and the free-text notes on their events in every
    /// stored event of the account (Marten data masking; the masked events get <c>personal-data-erased-by</c>/<c>-at</c>
    /// headers), then appends <c>StakeholderPersonalDataErased</c> (who, when, why; no erased value), which masks the read
    /// models. The stakeholder stays in every view as "Erased stakeholder" with level, buying role, stance, links and
    /// dates. Works on ended designations too. 409 <c>already-erased</c> the second time.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/stakeholders/{stakeholderId}/erasure", OperationId = "EraseStakeholderPersonalData")]
    [Tags("Stakeholders")]
    public static async Task<Events> Post(
        EraseStakeholderPersonalData command, Guid stakeholderId, [WriteAggregate("accountId")] AccountRelationships account,
        [Entity("accountId", Required = false)] AccountStatus? status, [Entity("accountId", Required = false)] AccountRoles? roles,
        IDocumentStore store, IDocumentSession session, DateTimeOffset now, ClaimsPrincipal user, CancellationToken cancellation)
    {
        var by = user.Actor();

        // The interactions they took part in and the notes about them are streams of their own.
        var interactions = await session.Query<InteractionRecord>()
            .Where(i => i.AccountId == account.Id && i.StakeholderIds.Contains(stakeholderId)).Select(i => i.Id).ToListAsync(cancellation);
        var notes = await session.Query<Note>()
            .Where(n => n.AccountId == account.Id && n.StakeholderIds.Contains(stakeholderId)).Select(n => n.Id).ToListAsync(cancellation);

        // The one side effect outside this request's transaction: Marten's masking commits on its own session first.
        // If the erasure event below then fails to commit (a concurrent write), the stored events are already masked,
        // the stakeholder is not yet marked erased, and a retry of this request masks again (a no-op) and completes.
        StakeholderPersonalData.Erasing.Value = stakeholderId;
        try
        {
            await store.Advanced.ApplyEventDataMasking(masking =>
            {
                masking.IncludeStream(account.Id, e => StakeholderPersonalData.IsAbout(e, stakeholderId));
                foreach (var other in interactions.Concat(notes))
                {
                    masking.IncludeStream(other);
                }

                masking.AddHeader("personal-data-erased-by", by).AddHeader("personal-data-erased-at", now.ToString("O", CultureInfo.InvariantCulture));
            }, cancellation);
        }
        finally
        {
            StakeholderPersonalData.Erasing.Value = null;
        }

        // The documents of those streams were built from the unmasked events: build them again from the masked ones.
        foreach (var interaction in interactions)
        {
            await store.Advanced.RebuildSingleStreamAsync<Interaction>(interaction, cancellation);
            await store.Advanced.RebuildSingleStreamAsync<InteractionRecord>(interaction, cancellation);
        }

        foreach (var note in notes)
        {
            await store.Advanced.RebuildSingleStreamAsync<Note>(note, cancellation);
        }

        // The timeline's rows too, in this request's transaction (same row ids, so they replace the old rows, as a rebuild would).
        var rewritten = (await session.Events.FetchStreamAsync(account.Id, token: cancellation))
            .Where(e => StakeholderPersonalData.IsAbout(e, stakeholderId)).ToList();
        foreach (var other in interactions.Concat(notes))
        {
            rewritten.AddRange(await session.Events.FetchStreamAsync(other, token: cancellation));
        }

        foreach (var e in rewritten)
        {
            session.Store(TimelineRows.Of(e, (IAccountEvent)e.Data).ToArray());
        }

        // The account's view checkpoints hold the unmasked profile: drop them now; the daemon folds the masked events again.
        session.DeleteWhere<History.AccountViewCheckpoint>(c => c.AccountId == account.Id);

        // Erasing is an act of now, not a fact of the account's past: it is dated when it is done.
        return [new StakeholderPersonalDataErased(account.Id, stakeholderId, command.Reason.Trim(), now, by)];
    }
}
