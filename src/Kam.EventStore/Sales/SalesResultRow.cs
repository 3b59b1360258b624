using Kam.EventStore.Accounts;

namespace Kam.EventStore.Sales;

/// <summary>
/// One account's results figures for one period, as they stand, with who answers for them: the rows the portfolio results
/// (per KAM, tier, manager) add up, so a dashboard reads rows of one period rather than every account's sales. Kept by
/// <see cref="AccountSalesProjection"/> for every period the account's budgets and actuals define (a budget's period and
/// its parts, an actual's period), rewritten whenever the account's sales or its KAM, manager or tier change. Derived:
/// rebuilt from the events like any read model.
/// </summary>
public sealed class SalesResultRow
{
    /// <summary><c>{account}/{from}-{to}</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>The first day of the period.</summary>
    public DateOnly From { get; set; }

    /// <summary>The last day of the period.</summary>
    public DateOnly To { get; set; }

    /// <summary>The account's KAM now (person id).</summary>
    public string? KamPersonId { get; set; }

    /// <summary>The KAM's manager for this account as the KAM role was organised; null when not recorded there (the people directory then says).</summary>
    public string? KamManagerPersonId { get; set; }

    /// <summary>The account's tier now.</summary>
    public AccountTier Tier { get; set; }

    /// <summary>The figures.</summary>
    public SalesFigures Figures { get; set; } = SalesFigures.Zero("EUR");

    public static string IdOf(Guid accountId, Period period) => $"{accountId:N}/{period.From:yyyyMMdd}-{period.To:yyyyMMdd}";

    /// <summary>Every row of the account's sales as they stand.</summary>
    public static IEnumerable<SalesResultRow> Of(AccountSales sales) => sales.Periods().Select(period => new SalesResultRow
    {
        Id = IdOf(sales.Id, period),
        AccountId = sales.Id,
        From = period.From,
        To = period.To,
        KamPersonId = sales.KamPersonId,
        KamManagerPersonId = sales.KamManagerPersonId,
        Tier = sales.Tier,
        Figures = SalesFigures.Of(sales, period),
    });
}
