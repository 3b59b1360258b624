using Kam.EventStore.History;

namespace Kam.EventStore.Tests.History;

/// <summary>The cell and JSON rules of the export writers, on values the API cannot produce (a caller name with a line break).</summary>
public sealed class ExportWriterTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nfeed", "\"line\nfeed\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@ops", "'@ops")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\rCR", "\"'\rCR\"")]
    [InlineData("=1+2,\"x\"", "\"'=1+2,\"\"x\"\"\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("{\"A\":1}", "\"{\"\"A\"\":1}\"")]
    public void a_cell_is_quoted_when_it_must_be_and_never_starts_a_formula(string? value, string cell) =>
        CsvExportWriter.Cell(value).ShouldBe(cell);

    [Theory]
    [InlineData("{\"A\": 1, \"B\": [1, 2]}", "{\"A\":1,\"B\":[1,2]}")]
    [InlineData("{\"Text\": \"a, b: c  d\"}", "{\"Text\":\"a, b: c  d\"}")]
    [InlineData("{\"Text\": \"say \\\"a, b\\\" \\\\\", \"N\": null}", "{\"Text\":\"say \\\"a, b\\\" \\\\\",\"N\":null}")]
    [InlineData("{\"Text\": \"\\\\\", \"B\": true}", "{\"Text\":\"\\\\\",\"B\":true}")]
    [InlineData("[]", "[]")]
    public void compact_json_drops_only_the_space_between_tokens(string json, string compact) =>
        ExportWriter.Compact(json).ShouldBe(compact);

    [Fact]
    public void times_are_iso_8601_with_the_offset_and_fractions_only_when_there_are_any()
    {
        ExportWriter.Time(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)).ShouldBe("2026-11-02T09:00:00+00:00");
        ExportWriter.Time(new DateTimeOffset(2026, 11, 2, 9, 0, 0, 250, TimeSpan.FromHours(2))).ShouldBe("2026-11-02T09:00:00.25+02:00");
    }
}
