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

    // Marten sets the document's id (the person id) before applying, which tells the two sides of a handover apart.
    public static void Apply(ManagerPortfolio view, AccountManagerAssigned e) =>
        view.Accounts.Add(new ManagedAccount(e.AccountId, e.EffectiveOn, null));

    public static void Apply(ManagerPortfolio view, AccountManagerHandedOver e)
    {
        if (view.Id == e.FromPersonId)
        {
            End(view, e.AccountId, e.EffectiveOn);
        }
        else
        {
            view.Accounts.Add(new ManagedAccount(e.AccountId, e.EffectiveOn, null));
        }
    }

    public static void Apply(ManagerPortfolio view, AccountManagerPositionVacated e) => End(view, e.AccountId, e.EffectiveOn);

    private static void End(ManagerPortfolio view, Guid accountId, DateOnly on)
    {
        var i = view.Accounts.FindIndex(a => a.AccountId == accountId && a.To is null);
        if (i >= 0)
        {
            view.Accounts[i] = view.Accounts[i] with { To = on };
        }
    }
}
