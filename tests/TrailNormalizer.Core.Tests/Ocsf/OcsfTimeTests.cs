using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Tests.Ocsf;

public class OcsfTimeTests
{
    [Theory]
    [InlineData("2026-03-14T09:26:53Z", 1773480413000L)]
    [InlineData("2026-03-14T09:26:53.123Z", 1773480413123L)]
    [InlineData("2026-03-14T10:26:53+01:00", 1773480413000L)]
    [InlineData("2024-02-29T00:00:00Z", 1709164800000L)]
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
    public void Anything_else_is_not_a_timestamp(string? text) => OcsfTime.ParseIso(text).Should().BeNull();

    [Fact]
    public void CloudTrail_credential_expiry_is_read_in_its_English_form() =>
        OcsfTime.ParseLoose("Mar 14, 2026, 10:26:53 AM").Should().Be(1773484013000L);
}
