using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace Kam.EventStore.Domain;

/// <summary>An amount in an ISO 4217 currency.</summary>
public sealed record Money
{
    public Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    // Read by its properties rather than its constructor, so a request's unknown field inside a value is named by its path.
    [JsonConstructor]
    private Money()
    {
    }

    /// <summary>The amount, never negative for budgets and commitment values.</summary>
    /// <example>250000</example>
    [JsonRequired]
    public decimal Amount { get; init; }

    /// <summary>ISO 4217 alphabetic code, e.g. <c>EUR</c>.</summary>
    /// <example>EUR</example>
    [JsonRequired]
    public string Currency { get; init; } = "";

    /// <summary>
    /// Active ISO 4217 alphabetic codes. Kept as data in the code because the service runs with
    /// invariant globalisation (no culture data to ask), and a currency list changes rarely.
    /// </summary>
    public static readonly FrozenSet<string> Currencies = (
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF " +
        "GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP " +
        "LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB " +
        "PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL " +
        "THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG")
        .Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="code"/> is an active ISO 4217 code (upper case).</summary>
    public static bool IsCurrency(string? code) => code is not null && Currencies.Contains(code);
}
