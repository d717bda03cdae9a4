using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Tests.Ocsf;

public class OcsfTimeTests
{
    [Theory]
    [InlineData("2026-03-14T09:26:53Z", 1773480413000L)]
    [InlineData("2026-03-14T09:26:53.123Z", 1773480413123L)]
    [InlineData("2026-03-14T10:26:53+01:00", 1773480413000L)]
    [InlineData("2024-02-29T00:00:00Z", 1709164800000L)]
    [InlineData("20131102T010628Z", 1383354388000L)]        // ISO 8601 basic format
    [InlineData("20131102T010628.250Z", 1383354388250L)]
    [InlineData("20131102T020628+0100", 1383354388000L)]
    [InlineData("20131102T010628", 1383354388000L)]         // no zone: UTC
    public void Iso_timestamps_become_epoch_milliseconds(string text, long expected) =>
        OcsfTime.ParseIso(text).Should().Be(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("redacted")]
    [InlineData("2026-13-14T09:26:53Z")]
    [InlineData("2026-02-30T09:26:53Z")]
    [InlineData("2026-03-14T2x:26:53Z")]
    [InlineData("2026-03-14T-1:26:53Z")]
    [InlineData("1773480413")]
    [InlineData("20131102")]
    [InlineData("20131302T010628Z")]
    public void Anything_else_is_not_a_timestamp(string? text) => OcsfTime.ParseIso(text).Should().BeNull();

    [Fact]
    public void CloudTrail_credential_expiry_is_read_in_its_English_form() =>
        OcsfTime.ParseLoose("Mar 14, 2026, 10:26:53 AM").Should().Be(1773484013000L);

    [Theory]
    [InlineData("2019-01-21T22:14:26.9792776Z", 1548108866979L)]        // 7 fraction digits (Activity Log)
    [InlineData("2026-03-14T09:26:53.123456789Z", 1773480413123L)]      // 9 digits: trimmed, not rounded
    [InlineData("2026-03-14T09:26:53.999999999Z", 1773480413999L)]      // trimming never carries into the next second
    [InlineData("2026-03-14T09:26:53.12345678+01:00", 1773476813123L)] // 8 digits with an offset
    [InlineData("2026-03-14 09:26:53.123", 1773480413123L)]             // space separator, no zone: UTC
    [InlineData("2026-03-14 09:26:53.983201900", 1773480413983L)]
    [InlineData("1/9/2007 10:41:00 AM +01:00", 1168335660000L)]         // .NET invariant general form (Notification Hubs)
    [InlineData("1/1/2021 5:16:32 AM +00:00", 1609478192000L)]
    [InlineData("12/31/2025 11:59:59 PM", 1767225599000L)]
    [InlineData("1773480413", 1773480413000L)]                          // epoch seconds as text
    [InlineData("1773480413123", 1773480413123L)]                       // epoch ms
    [InlineData("1773480413123456", 1773480413123L)]                    // epoch µs
    [InlineData("1773480413123456789", 1773480413123L)]                 // epoch ns
    [InlineData("Mar 14, 2026, 10:26:53 AM", 1773484013000L)]
    public void ParseAny_reads_every_source_form(string text, long expected) =>
        OcsfTime.ParseAny(text).Should().Be(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("13/45/2026 10:00:00 AM")]
    [InlineData("2026-02-30 10:00:00")]
    public void ParseAny_returns_null_rather_than_guessing(string? text) => OcsfTime.ParseAny(text).Should().BeNull();

    [Fact]
    public void ParseAny_reads_json_numbers_and_strings()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"s":1773480413,"ms":1773480413123,"f":1773480413.5,"t":"2026-03-14T09:26:53Z","b":true}""");
        var root = doc.RootElement;
        OcsfTime.ParseAny(root.GetProperty("s")).Should().Be(1773480413000L);
        OcsfTime.ParseAny(root.GetProperty("ms")).Should().Be(1773480413123L);
        OcsfTime.ParseAny(root.GetProperty("f")).Should().Be(1773480413500L);
        OcsfTime.ParseAny(root.GetProperty("t")).Should().Be(1773480413000L);
        OcsfTime.ParseAny(root.GetProperty("b")).Should().BeNull();
    }

    [Fact]
    public void ParseIso_reads_long_fractions_but_not_epoch_numbers()
    {
        OcsfTime.ParseIso("2026-03-14T09:26:53.123456789Z").Should().Be(1773480413123L);
        OcsfTime.ParseIso("1773480413123").Should().BeNull();
    }
}
