using JasperFx.Events;
using Kam.EventStore.Accounts;
using Kam.EventStore.Relationships;

namespace Kam.EventStore.Sales;

/// <summary>
/// An account's sales as they stand: its revenue budgets, actuals, opportunities and negotiations, and who answers for them
/// (the KAM, the KAM's manager, the account's tier). One document per account, kept inline by
/// <see cref="AccountSalesProjection"/>, and part of the whole-account view (History/AccountView), folded there by the same
/// code, so results now and results as of any instant or business date come from one fold. Never holds a negotiation's
/// mandate, which only writers may see.
/// </summary>
public sealed class AccountSales
{
    /// <summary>The account.</summary>
    public Guid Id { get; set; }

    /// <summary>The account's own currency (that of the revenue budget given at designation): results of periods without a budget are in it.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>The account's tier.</summary>
    public AccountTier Tier { get; set; }

    /// <summary>The KAM (person id); null while the position is vacant.</summary>
    public string? KamPersonId { get; set; }

    /// <summary>Who each KAM of the account reports to for it, as the KAM role was last organised (person id to manager).</summary>
    public Dictionary<string, string?> KamManagers { get; set; } = [];

    /// <summary>The revenue budgets, by id.</summary>
    public SortedDictionary<Guid, RevenueBudget> Budgets { get; set; } = [];

    /// <summary>The revenue actuals, by id, each as corrected.</summary>
    public SortedDictionary<Guid, RevenueActual> Actuals { get; set; } = [];

    /// <summary>The opportunities, by id.</summary>
    public SortedDictionary<Guid, Opportunity> Opportunities { get; set; } = [];

    /// <summary>The negotiations, by id, with their rounds and concessions (not their mandates).</summary>
    public SortedDictionary<Guid, Negotiation> Negotiations { get; set; } = [];

    /// <summary>The KAM's manager for this account as organised, when recorded.</summary>
    public string? KamManagerPersonId => KamPersonId is { } kam ? KamManagers.GetValueOrDefault(kam) : null;

    /// <summary>The currency results of <paramref name="period"/> are counted in: its budgets', else the account's.</summary>
    public string CurrencyOf(Period period) =>
        Budgets.Values.Where(b => b.Period.Overlaps(period)).Select(b => b.Currency).FirstOrDefault() ?? Currency;

    /// <summary>The periods the account's records define: every budget's period and parts, every actual's period.</summary>
    public IEnumerable<Period> Periods() =>
        Budgets.Values.SelectMany(b => b.Lines.Select(l => l.Period).Prepend(b.Period)).Concat(Actuals.Values.Select(a => a.Period)).Distinct();
}

/// <summary>The fold behind <see cref="AccountSales"/>: pure, shared by the projection and the whole-account view.</summary>
public static class AccountSalesFold
{
    /// <summary>True for the events the fold reads: the sales area's and the account facts that say who answers for it.</summary>
    public static bool Reads(object e) => e is ISalesEvent
        or KeyAccountDesignated or AccountDetailsCorrected { RevenueBudget: not null } or KeyAccountReclassified
        or AccountManagerAssigned or AccountManagerHandedOver or AccountManagerPositionVacated or KamRoleOrganised;

    /// <summary>
    /// One event onto the account's sales (null before the account was designated); events it does not read leave it as it is.
    /// Folds into <paramref name="sales"/> (a document just loaded, or the view's own copy).
    /// </summary>
    public static AccountSales? Apply(AccountSales? sales, IEvent e)
    {
        if (e.Data is KeyAccountDesignated designated)
        {
            return new AccountSales { Id = designated.AccountId, Currency = designated.RevenueBudget.Currency, Tier = designated.Tier };
        }

        if (sales is null)
        {
            return null;
        }

        switch (e.Data)
        {
            case AccountDetailsCorrected { RevenueBudget: { } budget }:
                sales.Currency = budget.Currency;
                break;
            case KeyAccountReclassified x:
                sales.Tier = x.Tier;
                break;
            case AccountManagerAssigned x:
                sales.KamPersonId = x.PersonId;
                break;
            case AccountManagerHandedOver x:
                sales.KamPersonId = x.ToPersonId;
                break;
            case AccountManagerPositionVacated:
                sales.KamPersonId = null;
                break;
            case KamRoleOrganised x:
                sales.KamManagers[x.PersonId] = x.ManagerPersonId;
                break;
            case IBudgetEvent:
                Advance(sales.Budgets, e, RevenueBudget.Advance, (b, v) => b.Version = v);
                break;
            case IActualEvent:
                Advance(sales.Actuals, e, RevenueActual.Advance, (a, v) => a.Version = v);
                break;
            case IOpportunityEvent:
                Advance(sales.Opportunities, e, Opportunity.Advance, (o, v) => o.Version = v);
                break;
            case INegotiationEvent:
                Advance(sales.Negotiations, e, Negotiation.Advance, (n, v) => n.Version = v);
                break;
        }

        return sales;
    }

    private static void Advance<T>(SortedDictionary<Guid, T> records, IEvent e, Func<T?, object, T?> advance, Action<T, long> version) where T : class
    {
        if (advance(records.GetValueOrDefault(e.StreamId), e.Data) is { } record)
        {
            version(record, e.Version);
            records[e.StreamId] = record;
        }
    }
}

/// <summary>Every event of the sales area: a fact about an account's revenue, opportunities or negotiations.</summary>
public interface ISalesEvent : IOwnStreamEvent;

/// <summary>An event of a revenue budget's stream.</summary>
public interface IBudgetEvent : ISalesEvent;

/// <summary>An event of a revenue actual's stream.</summary>
public interface IActualEvent : ISalesEvent;

/// <summary>An event of an opportunity's stream.</summary>
public interface IOpportunityEvent : ISalesEvent;

/// <summary>An event of a negotiation's stream.</summary>
public interface INegotiationEvent : ISalesEvent;
