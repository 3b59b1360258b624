using Alba;
using Kam.EventStore.Commitments;
using Npgsql;
using static Kam.EventStore.Tests.Commitments.CommitmentScenarios;
using static Kam.EventStore.Tests.Relationships.RelationshipScenarios;

namespace Kam.EventStore.Tests.Commitments;

/// <summary>
/// <c>CommitmentMade</c> gained two optional fields in 2026-12 (<c>PlanAction</c>, <c>Milestone</c>): an additive change
/// (docs/event-versioning.md). Events stored before have neither key; they load, project and decide as before, with no link.
/// </summary>
public sealed class CommitmentLinkVersioningTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_commitment_stored_before_the_links_existed_reads_without_a_link_and_the_stored_row_stays_as_it_was()
    {
        var cast = await Given.KeyAccountWithKamAndDirector();
        var made = await Given.Promise(cast, Discount(cast, 5m, D(10, 20), D(12, 31)));

        // The row as the build before the change wrote it: the same JSON without the two keys.
        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new NpgsqlCommand(
                "update mt_events set data = data - 'PlanAction' - 'Milestone' where stream_id = @id and type = 'CommitmentMade' returning data::text", connection);
            strip.Parameters.AddWithValue("id", made.CommitmentId);
            var stored = (string)(await strip.ExecuteScalarAsync())!;
            stored.ShouldNotContain("PlanAction");
            stored.ShouldContain("\"MadeBy\"", Case.Sensitive, "the stored shape's names are PascalCase, so the keys removed are the stored ones");
        }

        await App.Store.Advanced.RebuildSingleStreamAsync<Commitment>(made.CommitmentId);
        await using (var session = App.Store.QuerySession())
        {
            var e = (await session.Events.FetchStreamAsync(made.CommitmentId))[0].Data.ShouldBeOfType<CommitmentMade>();
            e.ShouldSatisfyAllConditions(x => x.PlanAction.ShouldBeNull(), x => x.Milestone.ShouldBeNull(), x => x.DiscountPercent.ShouldBe(5m));
        }

        var read = (await Host.GetAsJson<CommitmentWithLineage>($"/api/commitments/{made.CommitmentId}"))!;
        read.Commitment.ShouldSatisfyAllConditions(c => c.PlanAction.ShouldBeNull(), c => c.Milestone.ShouldBeNull(), c => c.Status.ShouldBe(CommitmentStatus.InForce));
        await Given.OnCommitment(made.CommitmentId, "fulfilment", new FulfilCommitment { Evidence = "Price list signed" });
    }
}
