using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Core.Tests.Robustness;

/// <summary>One bad record of any source is quarantined with its reason; the run and its neighbours go on.</summary>
public sealed class FaultBoundaryTests
{
    public static TheoryData<string> Sources() => [.. SourceTemplate.All.Select(t => t.Source)];

    public static TheoryData<string, int> SourcesAndDepths()
    {
        var data = new TheoryData<string, int>();
        foreach (var template in SourceTemplate.All)
        {
            foreach (int depth in new[] { 65, 100, 10_000 })
            {
                data.Add(template.Source, depth);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourcesAndDepths))]
    public void Deep_nesting_never_aborts_a_run(string source, int depth)
    {
        var template = SourceTemplate.All.Single(t => t.Source == source);
        byte[] input = template.WithNested(SourceTemplate.Nested(depth));

        var run = RobustRun.Of(input);

        (run.Normalized + run.Quarantined).Should().Be(1, "one record is one event or one quarantine item");
        if (depth < 128)
        {
            run.Normalized.Should().Be(1, "nesting within the parser limit is normalized, the deep part kept");
            byte[] ev = run.EventLines().Single();
            RobustRun.SchemaProblems(ev).Should().BeEmpty();
            RobustRun.RawHashProblem(ev).Should().BeNull();
        }
        else
        {
            run.QuarantineItems().Single().GetProperty("reason").GetString().Should().Contain("depth");
        }

        EvidenceVerifier.Verify(run.Store).Intact.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void A_lone_surrogate_escape_quarantines_only_its_record(string source)
    {
        var template = SourceTemplate.All.Single(t => t.Source == source);
        byte[] bad = template.WithString(Encoding.ASCII.GetBytes("x\\udc00y"));

        var (run, item) = BadBetweenGoodNeighbours(template, bad);

        item.GetProperty("reason").GetString().Should().Contain("lone UTF-16 surrogate");
        item.GetProperty("raw").GetString().Should().Be(Encoding.UTF8.GetString(template.Unwrap(bad)), "the bytes are kept exactly");
        run.Normalized.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Invalid_UTF8_quarantines_only_its_record_with_the_original_bytes(string source)
    {
        var template = SourceTemplate.All.Single(t => t.Source == source);
        byte[] bad = template.WithString([(byte)'x', 0xC3, 0x28, 0xFF, (byte)'y']);

        var (run, item) = BadBetweenGoodNeighbours(template, bad);

        item.GetProperty("reason").GetString().Should().Contain("not valid UTF-8");
        item.GetProperty("raw_encoding").GetString().Should().Be("base64");
        Convert.FromBase64String(item.GetProperty("raw").GetString()!).Should().Equal(template.Unwrap(bad));
        run.Normalized.Should().Be(2);
    }

    [Fact]
    public void Recognised_strings_that_cannot_be_decoded_never_reach_raw_data_repaired()
    {
        // A string no mapper reads: the event would normalize, but its raw_data would not be its bytes.
        byte[] bad = Encoding.UTF8.GetBytes(SourceTemplate.All[0].Record().Replace("\"eventVersion\":", "\"zz\":\"\\ud800\",\"eventVersion\":", StringComparison.Ordinal));

        var run = RobustRun.Of(bad);

        run.Normalized.Should().Be(0);
        run.QuarantineItems().Single().GetProperty("reason").GetString().Should().StartWith("record bytes cannot be kept exactly");
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1989-12-31T23:59:59Z")]
    [InlineData("2026-11-26T12:00:00Z")]
    public void Unusable_event_times_are_replaced_by_the_received_time_and_labelled(string eventTime)
    {
        string record = SourceTemplate.All[0].Record();
        string original = JsonDocument.Parse(record).RootElement.GetProperty("eventTime").GetString()!;
        byte[] input = Encoding.UTF8.GetBytes(record.Replace(original, eventTime, StringComparison.Ordinal));

        var run = RobustRun.Of(input);

        using var ev = JsonDocument.Parse(run.EventLines().Single());
        long received = Support.FixedTime.Default.GetUtcNow().ToUnixTimeMilliseconds();
        ev.RootElement.GetProperty("time").GetInt64().Should().Be(received);
        var metadata = ev.RootElement.GetProperty("metadata");
        metadata.GetProperty("processed_time").GetInt64().Should().Be(received);
        metadata.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().ContainSingle(l => l == "time:substituted-with-received-time");
        metadata.GetProperty("original_time").GetString().Should().Be(eventTime);
        RobustRun.SchemaProblems(run.EventLines().Single()).Should().BeEmpty();
    }

    private static (RobustRun Run, JsonElement Item) BadBetweenGoodNeighbours(SourceTemplate template, byte[] bad)
    {
        byte[] good = template.Wrap(Encoding.UTF8.GetBytes(template.Record()));
        byte[] input = [.. good, (byte)'\n', .. bad, (byte)'\n', .. good, (byte)'\n'];

        var run = RobustRun.Of(input, "mixed.ndjson");

        run.Records.Should().Be(3);
        var item = run.QuarantineItems().Should().ContainSingle().Subject;
        RobustRun.QuarantineRawIsExact(item).Should().BeTrue();
        foreach (byte[] ev in run.EventLines())
        {
            RobustRun.RawHashProblem(ev).Should().BeNull();
            RobustRun.SchemaProblems(ev).Should().BeEmpty();
        }

        EvidenceVerifier.Verify(run.Store).Intact.Should().BeTrue();
        return (run, item);
    }
}
