using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Fuzz;

/// <summary>Each contract the fuzz harnesses found broken, as a readable case (the crashing inputs are in tests/fuzz-corpus).</summary>
public sealed class FuzzFindingTests
{
    private static readonly InputLimits Small = new() { MaxUnitBytes = 4096, MaxQuarantineRawBytes = 512 };

    private const string Record =
        """{"eventVersion":"1.09","eventTime":"2026-11-20T08:15:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"after-1","recipientAccountId":"111122223333","userIdentity":{"type":"Root","accountId":"111122223333"}}""";

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void An_oversized_string_broken_by_a_raw_line_break_does_not_swallow_the_next_record(bool lineMode, int? chunk)
    {
        // reader harness: an unterminated string larger than the buffer was stepped over to the end of the input,
        // losing every later record ("input ends inside an oversized value").
        string input = "{\"big\":\"" + new string('x', 100_000) + "\n" + Record + "\n";

        var result = Normalize.Text(input, "in.json", lineMode, Small, chunk);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().NotContain("input ends");
    }

    [Fact]
    public void Inside_a_Records_array_a_line_break_in_an_oversized_string_does_not_end_the_element()
    {
        // The fix above holds for lines only: an array element is stepped over to its real end, so the next element is read.
        string input = "{\"Records\":[{\"big\":\"" + new string('x', 100_000) + "\n" + new string('y', 10) + "\"}," + Record + "]}";

        var result = Normalize.Text(input, "in.json", lineMode: false, Small);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("exceeds the 4096-byte limit");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void A_malformed_line_over_the_record_limit_keeps_only_the_quarantine_prefix(int? chunk)
    {
        // reader harness: a malformed line of 4,990 bytes under a 4,096-byte limit was quarantined whole when the
        // buffer happened to hold it, and as a 512-byte prefix when it arrived in small reads.
        string broken = "{\"big\":\"" + new string('x', 4980) + "\u0001\"}";
        string input = broken + "\n" + Record + "\n";

        var result = Normalize.Text(input, "in.ndjson", lineMode: true, Small, chunk);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        var item = result.Quarantine.Should().ContainSingle().Subject;
        item.Raw.Length.Should().Be(Small.MaxQuarantineRawBytes);
        item.RawTruncated.Should().BeTrue();
        Encoding.UTF8.GetString(item.Raw.Span).Should().Be(broken[..Small.MaxQuarantineRawBytes]);
    }
}
