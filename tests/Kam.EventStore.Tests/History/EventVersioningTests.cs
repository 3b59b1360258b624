using System.Text.Json.Nodes;
using Alba;
using Kam.EventStore.People;
using Kam.EventStore.Tests.People;
using Marten;
using Npgsql;

namespace Kam.EventStore.Tests.History;

/// <summary>
/// Events are stored forever, so the store reads every shape an event was ever written in (docs/event-versioning.md).
/// The story: before 2026-11-27 the service stored <c>PersonProfileChanged</c> in its first shape, the line manager as
/// <c>ManagerPersonId</c> + <c>ManagerRemoved</c>. Maija's profile changed three times under that build. The current
/// build loads those events as the current type, projects them, decides on them, and writes new changes in the current
/// shape (<c>Manager</c>), all under the same stored name.
/// </summary>
public sealed class EventVersioningTests(AppFixture app) : ApiTest(app)
{
    private const string Pekka = "pekka@example.com";
    private const string Liisa = "liisa@example.com";
    private const string Maija = "maija@example.com";

    /// <summary>
    /// The rows the build before 2026-11-27 appended for Maija's three changes: its JSON (PascalCase, enums by name,
    /// every field present) and its columns, as captured from a database it wrote. A new title on 1 March; a move to
    /// Liisa's unit on 1 June; no manager any more from 1 September.
    /// </summary>
    private static readonly string[] Shape1 =
    [
        """{"By": "hr-admin", "Name": null, "Title": "Senior Key Account Manager", "Reason": "Title harmonised", "OrgUnit": null, "PersonId": "maija@example.com", "Seniority": null, "OccurredAt": "2026-03-02T08:00:00+00:00", "EffectiveOn": "2026-03-01", "ManagerRemoved": false, "ManagerPersonId": null}""",
        """{"By": "hr-admin", "Name": null, "Title": null, "Reason": "Moved to Nordics", "OrgUnit": "Sales Nordics", "PersonId": "maija@example.com", "Seniority": null, "OccurredAt": "2026-06-01T08:00:00+00:00", "EffectiveOn": "2026-06-01", "ManagerRemoved": false, "ManagerPersonId": "liisa@example.com"}""",
        """{"By": "hr-admin", "Name": null, "Title": null, "Reason": "Reports to the board", "OrgUnit": null, "PersonId": "maija@example.com", "Seniority": null, "OccurredAt": "2026-09-01T08:00:00+00:00", "EffectiveOn": "2026-09-01", "ManagerRemoved": true, "ManagerPersonId": null}""",
    ];

    private static readonly DateOnly March = new(2026, 3, 1);
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly DateOnly September = new(2026, 9, 1);

    [Fact]
    public async Task an_event_stored_in_the_first_shape_loads_as_the_current_type_with_its_values()
    {
        var maija = await MaijaWithThreeChangesInShape1();

        await using var session = App.Store.QuerySession();
        var changes = (await session.Events.FetchStreamAsync(maija)).Skip(1).ToList();
        var queried = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == maija && e.Version > 1).OrderBy(e => e.Version).ToListAsync();

        changes.Select(e => e.EventTypeName).ShouldBe(["PersonProfileChanged", "PersonProfileChanged", "PersonProfileChanged"]);
        var data = changes.Select(e => e.Data.ShouldBeOfType<PersonProfileChanged>()).ToList();
        data.Select(e => e.Manager).ShouldBe([null, new ManagerChange(Liisa), ManagerChange.Removed]);
        data[0].ShouldBe(new PersonProfileChanged(
            Maija, null, "Senior Key Account Manager", null, null, null, March, "Title harmonised",
            new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), "hr-admin"));
        data[1].OrgUnit.ShouldBe("Sales Nordics");
        data[2].EffectiveOn.ShouldBe(September);
        queried.Select(e => e.Data).ShouldBe(data);

        // Reading upcasts in memory: the stored events stay exactly as they were written.
        (await StoredData(maija)).Select(d => d.ContainsKey("ManagerRemoved")).ShouldBe([true, true, true]);
    }

    [Fact]
    public async Task the_directory_and_the_write_model_project_events_stored_in_the_first_shape()
    {
        var maija = await MaijaWithThreeChangesInShape1();

        // The write model, folded from the stored events by its registered projection.
        await using (var session = App.Store.QuerySession())
        {
            var colleague = (await session.Events.AggregateStreamAsync<Colleague>(maija)).ShouldNotBeNull();
            colleague.Version.ShouldBe(4);
            colleague.ProfileOn(March.AddDays(-1)).ManagerPersonId.ShouldBe(Pekka);
            colleague.ProfileOn(June).ShouldBe(new PersonProfile("Maija Virtanen", "Senior Key Account Manager", "Sales Nordics", Seniority.Senior, Liisa));
            colleague.ProfileOn(September).ManagerPersonId.ShouldBeNull();
        }

        // The directory, rebuilt from every event in the store by the projection daemon.
        using (var daemon = await App.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync("Person", TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        var person = await Given.PersonView(Maija);
        person.Version.ShouldBe(4);
        person.Title.ShouldBe("Senior Key Account Manager");
        person.OrgUnit.ShouldBe("Sales Nordics");
        person.ManagerPersonId.ShouldBeNull();
        person.ProfileChanges.Select(c => (c.EffectiveOn, c.ManagerPersonId, c.ManagerRemoved))
            .ShouldBe([(March, null, false), (June, Liisa, false), (September, null, true)]);
        person.ProfileOn(new DateOnly(2026, 7, 1)).ManagerPersonId.ShouldBe(Liisa);
    }

    [Fact]
    public async Task decisions_see_the_first_shape_and_new_changes_are_stored_in_the_current_shape_under_the_same_name()
    {
        var maija = await MaijaWithThreeChangesInShape1();
        // Where the old build's inline projections left the write model and the directory.
        await App.Store.Advanced.RebuildSingleStreamAsync<Colleague>(maija);
        await App.Store.Advanced.RebuildSingleStreamAsync<Person>(maija);

        // The September removal, stored in the first shape, already holds on 15 September: nothing to change.
        var problem = await Given.Refused(x => x.Post.Json(new ChangePersonProfile
        {
            RemoveManager = true, EffectiveOn = new DateOnly(2026, 9, 15), Reason = "Reports to the board",
        }).ToUrl($"/api/people/{Maija}/profile-changes"), 422);
        problem.Rule.ShouldBe("nothing-to-change");

        await Given.PersonChange(Maija, "profile-changes", new ChangePersonProfile
        {
            ManagerPersonId = "PEKKA@example.com", EffectiveOn = new DateOnly(2026, 10, 1), Reason = "Back to Finland",
        });
        await Given.PersonChange(Maija, "profile-changes", new ChangePersonProfile
        {
            RemoveManager = true, EffectiveOn = new DateOnly(2026, 11, 1), Reason = "Reports to the board again",
        });

        var stored = await StoredData(maija);
        stored.Count.ShouldBe(5);
        stored[3].ToJsonString().ShouldContain("\"Manager\":{\"PersonId\":\"pekka@example.com\"}");
        stored[4].ToJsonString().ShouldContain("\"Manager\":{\"PersonId\":null}");
        stored.Skip(3).ShouldAllBe(d => !d.ContainsKey("ManagerRemoved") && !d.ContainsKey("ManagerPersonId"));

        await using var session = App.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(maija)).Skip(1).ToList();
        events.ShouldAllBe(e => e.EventTypeName == "PersonProfileChanged");
        events.Select(e => ((PersonProfileChanged)e.Data).Manager)
            .ShouldBe([null, new ManagerChange(Liisa), ManagerChange.Removed, new ManagerChange(Pekka), ManagerChange.Removed]);

        var person = await Given.PersonView(Maija);
        person.ManagerPersonId.ShouldBeNull();
        person.ProfileOn(new DateOnly(2026, 10, 15)).ManagerPersonId.ShouldBe(Pekka);
        person.ProfileChanges.Count.ShouldBe(5);
    }

    /// <summary>
    /// Pekka, Liisa and Maija (reporting to Pekka) registered through the API, then Maija's three changes appended as the
    /// old build's Rich append did: the next global sequence number, the stream's next version, its stored type name and
    /// .NET type, and the stream's version moved on. Its inline projections are not replayed here, so the directory and
    /// the write model still show Maija as registered until a test rebuilds them. Returns Maija's stream id.
    /// </summary>
    private async Task<Guid> MaijaWithThreeChangesInShape1()
    {
        await Given.Person(Pekka, "Pekka Korhonen", Seniority.Director);
        await Given.Person(Liisa, "Liisa Nieminen", Seniority.Director, orgUnit: "Sales Nordics");
        await Given.Person(Maija, "Maija Virtanen", manager: Pekka);
        var stream = PersonIds.StreamId(Maija);

        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = 0; i < Shape1.Length; i++)
        {
            await using var append = new NpgsqlCommand(
                """
                insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name)
                values (nextval('mt_events_sequence'), @id, @stream, @version, @data::jsonb, 'PersonProfileChanged', @recorded,
                        '*DEFAULT*', 'Kam.EventStore.People.PersonProfileChanged, Kam.EventStore', 'hr-admin');
                update mt_streams set version = @version where id = @stream;
                """, connection, transaction);
            append.Parameters.AddWithValue("id", Guid.NewGuid());
            append.Parameters.AddWithValue("stream", stream);
            append.Parameters.AddWithValue("version", (long)(i + 2));
            append.Parameters.AddWithValue("data", Shape1[i]);
            append.Parameters.AddWithValue("recorded", JsonNode.Parse(Shape1[i])!["OccurredAt"]!.GetValue<DateTimeOffset>());
            await append.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return stream;
    }

    /// <summary>The JSON stored for each of the stream's profile changes, in stream order.</summary>
    private async Task<List<JsonObject>> StoredData(Guid stream)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select data::text from mt_events where stream_id = @stream and type = 'PersonProfileChanged' order by version", connection);
        command.Parameters.AddWithValue("stream", stream);
        var stored = new List<JsonObject>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
        }

        return stored;
    }
}

/// <summary>The upgrade of <c>PersonProfileChanged</c>'s stored JSON on its own: every case of the first shape, and the current shape.</summary>
public sealed class EventVersioningShapeTests
{
    [Theory]
    [InlineData("""{"ManagerPersonId": "liisa@example.com", "ManagerRemoved": false}""", """{"Manager":{"PersonId":"liisa@example.com"}}""")]
    [InlineData("""{"ManagerPersonId": null, "ManagerRemoved": true}""", """{"Manager":{"PersonId":null}}""")]
    [InlineData("""{"ManagerPersonId": null, "ManagerRemoved": false}""", """{"Manager":null}""")]
    // Never written (the API refused both), but defined: the flag wins, as it did when the first shape was projected.
    [InlineData("""{"ManagerPersonId": "liisa@example.com", "ManagerRemoved": true}""", """{"Manager":{"PersonId":null}}""")]
    public void the_first_shape_becomes_the_current_one(string stored, string upgraded)
    {
        var data = JsonNode.Parse("""{"Title": "KAM", """ + stored[1..])!.AsObject();

        PersonProfileChangedShapes.Upgrade(data).ShouldBeTrue();

        data.ToJsonString().ShouldBe("""{"Title":"KAM",""" + upgraded[1..]);
    }

    [Theory]
    [InlineData("""{"Title":"KAM","Manager":{"PersonId":"liisa@example.com"}}""")]
    [InlineData("""{"Title":"KAM","Manager":null}""")]
    public void the_current_shape_is_left_alone(string stored)
    {
        var data = JsonNode.Parse(stored)!.AsObject();

        PersonProfileChangedShapes.Upgrade(data).ShouldBeFalse();

        data.ToJsonString().ShouldBe(stored);
    }
}
