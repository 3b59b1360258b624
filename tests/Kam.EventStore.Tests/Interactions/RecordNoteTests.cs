using Alba;
using Kam.EventStore.Interactions;
using Kam.EventStore.Tests.Relationships;
using static Kam.EventStore.Tests.Interactions.InteractionScenarios;

namespace Kam.EventStore.Tests.Interactions;

public sealed class RecordNoteTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_note_keeps_its_text_tags_author_and_who_it_is_about_and_shows_on_the_timeline()
    {
        var (account, maria, _) = await Given.AccountWithStakeholders();
        await Given.Colleagues("ben@example.com");

        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new RecordNote
            {
                Text = "Maria prefers one consolidated invoice per quarter.", Tags = [" billing ", "renewal"], AuthorPersonId = "Ben@example.com",
                StakeholderIds = [maria], OccurredAt = DaysAgo(4),
            }).ToUrl($"/api/accounts/{account}/notes");
            x.As("anna@example.com", Roles.Writer);
            x.StatusCodeShouldBe(201);
        });

        var created = await result.ReadAsJsonAsync<NoteCreated>();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/accounts/{account}/notes/{created.NoteId}");
        var note = (await Host.GetAsJson<Note>($"/api/accounts/{account}/notes/{created.NoteId}"))!;
        note.ShouldSatisfyAllConditions(
            n => n.Tags.ShouldBe(["billing", "renewal"]),
            n => n.AuthorPersonId.ShouldBe("ben@example.com"),
            n => n.StakeholderIds.ShouldBe([maria]),
            n => n.OccurredAt.ShouldBe(DaysAgo(4)),
            n => n.RecordedBy.ShouldBe("anna@example.com"));

        var entry = (await Given.Timeline(account, $"kinds=NoteRecorded&stakeholder={maria}")).Items.Single();
        entry.Title.ShouldBe("Note from ben@example.com: Maria prefers one consolidated invoice per quarter.");
        entry.PersonIds.ShouldBe(["ben@example.com"]);
        entry.RelatedIds.ShouldBe([created.NoteId]);
        entry.BusinessTime.ShouldBe(DaysAgo(4));
    }
}
