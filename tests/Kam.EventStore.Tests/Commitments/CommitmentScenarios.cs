using Alba;
using Kam.EventStore.Accounts;
using Kam.EventStore.Commitments;
using Kam.EventStore.People;
using Kam.EventStore.Relationships;
using Kam.EventStore.Tests.People;
using Kam.EventStore.Tests.Relationships;
using Npgsql;
using Wolverine.Tracking;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Commitments;

/// <summary>The cast of the commitment stories: Anna (KAM, 10% / 50k EUR alone), her director (30% / 500k), Ben (the next KAM).</summary>
public sealed record Cast(Guid AccountId, Guid Cfo);

public static class CommitmentScenarios
{
    public const string Anna = "anna@example.com";
    public const string Director = "director@example.com";
    public const string Ben = "ben@example.com";

    /// <summary>What a KAM may promise alone here: prices and discounts within limits, delivery dates, follow-ups.</summary>
    public static readonly CommitmentKind[] KamKinds = [CommitmentKind.PriceOrDiscount, CommitmentKind.DeliveryDate, CommitmentKind.InformationOrFollowUp];

    public static async Task<Cast> KeyAccountWithKamAndDirector(this Scenarios given)
    {
        await given.Colleagues(Anna, Director, Ben);
        await given.Authority(Director, PeopleScenarios.Grant(D(1, 1), eur: 500_000m, discount: 30m) with
        {
            CommitmentKinds = Enum.GetValues<CommitmentKind>(),
        });
        await given.Authority(Anna, PeopleScenarios.Grant(D(1, 1), eur: 50_000m, discount: 10m, approver: Director) with { CommitmentKinds = KamKinds });
        await given.Authority(Ben, PeopleScenarios.Grant(D(1, 1), eur: 50_000m, discount: 10m, approver: Director) with { CommitmentKinds = KamKinds });
        var account = await given.KeyAccount("Nordic Paper Oy");
        await given.Kam(account, Anna, D(9, 1));
        var cfo = await given.Stakeholder(account, "Maria Korhonen", D(9, 1), OrganisationLevel.Executive, BuyingRole.DecisionMaker, "CFO");
        return new Cast(account, cfo);
    }

    public static MakeCommitment Discount(Cast cast, decimal percent, DateOnly madeOn, DateOnly dueOn) => new()
    {
        MadeBy = Anna,
        MadeTo = [cast.Cfo],
        Kind = CommitmentKind.PriceOrDiscount,
        Description = $"{percent}% discount on the 2027 framework price list",
        DiscountPercent = percent,
        MadeOn = madeOn,
        DueOn = dueOn,
    };

    public static async Task<CommitmentCreated> Promise(this Scenarios given, Cast cast, MakeCommitment command)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(command).ToUrl($"/api/accounts/{cast.AccountId}/commitments");
            x.StatusCodeShouldBe(201);
        });
        return await result.ReadAsJsonAsync<CommitmentCreated>();
    }

    /// <summary>Posts a change to a commitment, as <paramref name="caller"/> (an approver and writer) when given.</summary>
    public static async Task<CommitmentWritten> OnCommitment(this Scenarios given, Guid commitmentId, string route, object command, string? caller = null)
    {
        var result = await given.App.Host.Scenario(x =>
        {
            x.Post.Json(command).ToUrl($"/api/commitments/{commitmentId}/{route}");
            if (caller is not null)
            {
                x.As(caller, Roles.Writer, Roles.Approver);
            }

            x.StatusCodeShouldBe(200);
        });
        return await result.ReadAsJsonAsync<CommitmentWritten>();
    }

    public static async Task<Page<Commitment>> Register(this Scenarios given, Guid accountId, string query = "") =>
        (await given.App.Host.GetAsJson<Page<Commitment>>($"/api/accounts/{accountId}/commitments{query}"))!;

    /// <summary>
    /// Runs a due check as the scheduler would. The scheduled copies of the same check (their time has passed on the real
    /// clock, the tests' clock is another) may run in the background at the same moment: a lost race is retried by the
    /// handler's policy, so the tracking does not fail on it, and the tests assert the outcome instead.
    /// </summary>
    public static Task CheckDue(this Scenarios given, Guid commitmentId, DateOnly dueOn) =>
        given.App.Host.TrackActivity().DoNotAssertOnExceptionsDetected().InvokeMessageAndWaitAsync(new CheckCommitmentDue(commitmentId, dueOn));

    public static async Task<int> ScheduledDueChecks(this Scenarios given)
    {
        await using var connection = new NpgsqlConnection(given.App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from wolverine_incoming_envelopes where status = 'Scheduled' and message_type like '%CheckCommitmentDue%'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
