using Alba;
using Kam.EventStore.Infrastructure;

namespace Kam.EventStore.Tests;

/// <summary>Who a request comes from, in one place, so tests do not care how callers are authenticated.</summary>
public static class CallerScenarios
{
    public static Scenario As(this Scenario scenario, string user)
    {
        scenario.WithRequestHeader(Callers.DevelopmentHeader, user);
        return scenario;
    }
}
