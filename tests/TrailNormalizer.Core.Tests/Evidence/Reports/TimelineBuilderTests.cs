using TrailNormalizer.Core.Evidence.Reports;

namespace TrailNormalizer.Core.Tests.Evidence.Reports;

public class TimelineBuilderTests
{
    private const long Hour = 3_600_000;
    private const long Start = 1_773_446_400_000; // 2026-03-14T00:00:00Z

    [Theory]
    [InlineData(24, Hour)]
    [InlineData(14 * 24, 6 * Hour)]
    [InlineData(92 * 24, 24 * Hour)]
    [InlineData(400 * 24, 7 * 24 * Hour)]
    public void The_bucket_grows_with_the_period_and_every_event_is_counted_once(long hours, long bucket)
    {
        var times = new List<long> { Start, Start + 1, Start + (hours * Hour / 2), Start + (hours * Hour) - 1 };

        var timeline = TimelineBuilder.Build(Start, Start + (hours * Hour), new Dictionary<string, List<long>> { ["b"] = times, ["a"] = [Start + Hour] });

        timeline.BucketMs.Should().Be(bucket);
        timeline.Buckets.Should().BeLessThan(121);
        timeline.Lanes.Select(l => l.Label).Should().Equal("a", "b");
        timeline.Lanes[1].Counts.Sum().Should().Be(4);
        timeline.Lanes[1].Counts[0].Should().Be(2);
        timeline.Lanes[1].Counts[^1].Should().Be(1);
    }

    [Fact]
    public void Events_outside_the_period_are_not_counted_and_an_empty_period_has_no_lanes()
    {
        TimelineBuilder.Build(Start, Start + (24 * Hour), new Dictionary<string, List<long>> { ["a"] = [Start - 1, Start + (24 * Hour)] }).Lanes.Single().Counts.Sum().Should().Be(0);
        TimelineBuilder.Build(null, null, new Dictionary<string, List<long>>()).Lanes.Should().BeEmpty();
    }
}
