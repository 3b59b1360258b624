namespace Kam.EventStore.Domain;

/// <summary>
/// What a commitment to the customer is about. Authority grants name the kinds a person may commit to alone;
/// commitments themselves are recorded with their kind.
/// </summary>
public enum CommitmentKind
{
    /// <summary>A delivery date or schedule.</summary>
    DeliveryDate,

    /// <summary>A price, discount or other commercial term.</summary>
    PriceOrDiscount,

    /// <summary>A service level: response times, availability, support.</summary>
    ServiceLevel,

    /// <summary>A feature or a place on the product roadmap.</summary>
    FeatureOrRoadmap,

    /// <summary>People, time or other resources put at the customer's disposal.</summary>
    Resource,

    /// <summary>Information to send or a follow-up to make (a reply, a meeting, a report).</summary>
    InformationOrFollowUp,

    /// <summary>Anything else.</summary>
    Other,
}
