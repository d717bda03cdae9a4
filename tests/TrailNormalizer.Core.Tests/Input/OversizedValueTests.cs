using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Input;

/// <summary>A value far larger than the per-record limit is stepped over exactly, in every container shape.</summary>
public class OversizedValueTests
{
    private static readonly InputLimits Small = new() { MaxUnitBytes = 1024, MaxQuarantineRawBytes = 256 };

    private static string Record(int i) =>
        $$$"""{"eventVersion":"1.10","eventTime":"2026-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"eu-west-1","eventID":"ok-{{{i}}}","recipientAccountId":"111122223333","userIdentity":{"type":"Root","accountId":"111122223333"}}""";

    /// <summary>An oversized record whose string holds brackets, quotes and escapes that a naive scan would miss.</summary>
    private static string Huge(int bytes) =>
        "{\"eventVersion\":\"1.10\",\"blob\":\"" + string.Concat(Enumerable.Repeat("ab\\\"]}{[\\\\", bytes / 12)) + "\",\"n\":[1,{\"x\":\"}\"}]}";

    public static TheoryData<string, string, bool> Shapes() => new()
    {
        { "ndjson", "{0}\n{1}\n{2}\n", true },
        { "array", "[{0},{1},{2}]", false },
        { "records", "{{\"Records\":[{0},{1},{2}]}}", false },
        { "lowercase records", "{{\"records\":[{0},{1},{2}]}}", false },
        { "concatenated values", "{0}{1} {2}", false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_record_after_an_oversized_one_is_read(string shape, string layout, bool lineMode)
    {
        string huge = Huge(1024 * 1024);
        string input = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, Record(1), huge, Record(2));
        long offset = Encoding.UTF8.GetByteCount(input[..input.IndexOf(huge, StringComparison.Ordinal)]);

        var result = Normalize.Text(input, lineMode ? "in.ndjson" : "in.json", lineMode, Small, chunk: 4096);

        result.Events.Select(e => e.Uid).Should().Equal(["ok-1", "ok-2"], shape);
        var item = result.Quarantine.Should().ContainSingle().Subject;
        item.RawOffset.Should().Be(offset);
        item.RawLength.Should().Be(Encoding.UTF8.GetByteCount(huge));
        item.Raw.Length.Should().Be(256);
        item.RawTruncated.Should().BeTrue();
        item.Reason.Should().Contain($"value of {Encoding.UTF8.GetByteCount(huge)} bytes at byte {offset} exceeds the 1024-byte limit");
    }

    [Fact]
    public void A_single_record_file_larger_than_the_limit_is_one_quarantine_item()
    {
        string huge = Huge(100_000);

        var result = Normalize.Text(huge, "one.json", false, Small);

        result.Events.Should().BeEmpty();
        result.Quarantine.Should().ContainSingle().Which.RawLength.Should().Be(huge.Length);
    }

    [Fact]
    public void An_oversized_value_cut_short_is_reported_with_what_was_read()
    {
        string cut = Huge(100_000)[..50_000];

        var result = Normalize.Text(Record(1) + "\n" + cut, "cut.ndjson", true, Small);

        result.Events.Should().ContainSingle();
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().StartWith("input ends inside an oversized value");
    }
}
