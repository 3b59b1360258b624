using JasperFx.Events;
using Marten.Events.Projections;

namespace Kam.EventStore.Relationships;

/// <summary>
/// One of our people's portfolio as a KAM: every account they managed, from when to when. Built across all
/// account streams (a multi-stream projection keyed by person id).
/// </summary>
public sealed class ManagerPortfolio
{
    /// <summary>The person id (normalised).</summary>
    public string Id { get; set; } = "";

    /// <summary>Every account managed, in the order the assignments were recorded.</summary>
    public List<ManagedAccount> Accounts { get; set; } = [];
}

/// <summary>An account a person managed over an interval.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="From">First day as its KAM.</param>
/// <param name="To">First day no longer its KAM; null while they are.</param>
public sealed record ManagedAccount(Guid AccountId, DateOnly From, DateOnly? To) : IDated;

/// <summary>Builds <see cref="ManagerPortfolio"/> from KAM assignments, handovers and vacancies on every account.</summary>
public sealed partial class ManagerPortfolioProjection : MultiStreamProjection<ManagerPortfolio, string>
{
    public ManagerPortfolioProjection()
    {
        Identity<AccountManagerAssigned>(e => e.PersonId);
        Identities<AccountManagerHandedOver>(e => [e.FromPersonId, e.ToPersonId]);
        Identity<AccountManagerPositionVacated>(e => e.PersonId);
    }

    // Explicit, because the two sides of a handover are told apart by the document's id, and only Evolve is handed the id
    // on every path: the conventional Apply saw an unset id during a rebuild and added the account to the giver as well.
    public override ManagerPortfolio? Evolve(ManagerPortfolio? snapshot, string id, IEvent e)
    {
        var view = snapshot ?? new ManagerPortfolio { Id = id };
        switch (e.Data)
        {
            case AccountManagerAssigned assigned:
                view.Accounts.Add(new ManagedAccount(assigned.AccountId, assigned.EffectiveOn, null));
                break;
            case AccountManagerHandedOver handover when id == handover.FromPersonId:
                End(view, handover.AccountId, handover.EffectiveOn);
                break;
            case AccountManagerHandedOver handover:
                view.Accounts.Add(new ManagedAccount(handover.AccountId, handover.EffectiveOn, null));
                break;
            case AccountManagerPositionVacated vacated:
                End(view, vacated.AccountId, vacated.EffectiveOn);
                break;
        }

        return view;
    }

    private static void End(ManagerPortfolio view, Guid accountId, DateOnly on)
    {
        var i = view.Accounts.FindIndex(a => a.AccountId == accountId && a.To is null);
        if (i >= 0)
        {
            view.Accounts[i] = view.Accounts[i] with { To = on };
        }
    }
}
