using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Robustness;

/// <summary>raw_data_hash is the SHA-256 of the UTF-8 bytes of raw_data, for every event of every fixture.</summary>
public class RawDataHashTests
{
    [Theory]
    [MemberData(nameof(GoldenFiles.Cases), MemberType = typeof(GoldenFiles))]
    public void Every_raw_data_hash_is_reproducible_from_the_stored_event(string source, string file)
    {
        var result = Normalize.File(GoldenFiles.InputPath(source, file), GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, source)));

        foreach (var ev in result.Events)
        {
            RobustRun.RawHashProblem(ev.Json).Should().BeNull(ev.Uid);
        }
    }
}
