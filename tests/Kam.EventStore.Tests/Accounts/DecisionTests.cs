using Kam.EventStore.Accounts;
using Microsoft.AspNetCore.Http;

namespace Kam.EventStore.Tests.Accounts;

/// <summary>Pure decision logic, called directly: no host, no database.</summary>
public sealed class DecisionTests
{
    private static readonly KeyAccount Account = new(
        Guid.NewGuid(), "Nordic Paper Oy", "FI111", "Paper", AccountTier.Key, ["Revenue"], new DateOnly(2026, 1, 15),
        new Money(100, "EUR"), AccountHealth.Active, DesignationEnded: false);

    private const long StreamVersion = 4;

    [Theory]
    [InlineData("FI-1234567-8", "FI12345678")]
    [InlineData(" fi 1234 5678 ", "FI12345678")]
    [InlineData("DE.123/456", "DE123456")]
    public void registry_ids_compare_without_case_or_separators(string given, string normalized) =>
        RegistryIds.Normalize(given).ShouldBe(normalized);

    [Fact]
    public void a_correction_carries_only_the_fields_that_differ()
    {
        var correction = CorrectAccountDetailsEndpoint.Correction(
            new CorrectAccountDetails { Name = "Nordic Paper Oy", Segment = "Board", Reason = "Wrong segment" },
            Account, DateTimeOffset.UnixEpoch, "alice");

        correction.ShouldNotBeNull();
        correction.Name.ShouldBeNull();
        correction.Segment.ShouldBe("Board");
        correction.By.ShouldBe("alice");
    }

    [Fact]
    public void a_correction_to_the_recorded_values_is_no_correction()
    {
        CorrectAccountDetailsEndpoint.Correction(
            new CorrectAccountDetails { Name = "Nordic Paper Oy", RevenueBudget = new Money(100, "EUR"), Reason = "Check" },
            Account, DateTimeOffset.UnixEpoch, "alice").ShouldBeNull();
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(4L, null, false)]
    [InlineData(3L, null, true)]
    [InlineData(null, "\"4\"", false)]
    [InlineData(null, "W/\"4\"", false)]
    [InlineData(null, "\"5\"", true)]
    [InlineData(null, "*", false)]
    public void the_expected_version_comes_from_the_body_or_if_match(long? body, string? ifMatch, bool conflict)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        var problem = ExpectedVersion.Check(context, body, StreamVersion);

        Problems.Found(problem).ShouldBe(conflict);
        if (conflict)
        {
            problem.Status.ShouldBe(409);
        }
    }
}
