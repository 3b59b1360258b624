namespace Kam.EventStore.Api;

/// <summary>
/// The rule a creation answers when the stream it would start already exists, on the stream's write model: the same rule its
/// endpoint's own check answers, so a creation that loses a race to a concurrent one is told the same thing (409).
/// </summary>
/// <param name="rule">The rule, e.g. <c>duplicate-commitment</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DuplicateRuleAttribute(string rule) : Attribute
{
    /// <summary>The rule.</summary>
    public string Rule { get; } = rule;
}
