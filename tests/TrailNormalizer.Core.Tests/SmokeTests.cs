using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void Ocsf_version_is_1_8_0() => OcsfVersion.Value.Should().Be("1.8.0");
}
