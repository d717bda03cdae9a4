using System.IO.Compression;
using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Input;

public class JsonUnitReaderTests
{
    private static List<InputUnit> Units(string text, bool lineMode = false, InputLimits? limits = null, int? chunk = null)
    {
        Stream stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        if (chunk is { } c)
        {
            stream = new TrickleStream(stream, c);
        }

        return JsonUnitReader.Read(stream, "in.json", limits ?? InputLimits.Default, lineMode).ToList();
    }

    private static string Text(InputUnit unit) => Encoding.UTF8.GetString(unit.Json.Span);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(65536)]
    public void Log_file_records_are_streamed_one_unit_each_whatever_the_read_size(int chunk)
    {
        string file = CloudTrailSamples.LogFile(50, pretty: true);

        var units = Units(file, chunk: chunk);

        units.Should().HaveCount(50);
        units.Should().OnlyContain(u => !u.IsFailure);
        Text(units[0]).Should().Be(CloudTrailSamples.Record(0));
        Text(units[49]).Should().Be(CloudTrailSamples.Record(49));
        units[7].Location.Should().Be("in.json#Records[7]");
    }

    [Fact]
    public void Memory_stays_bounded_by_one_record_for_a_large_log_file()
    {
        // 20,000 records through a reader whose per-record limit is 4 KiB: the window never has to hold more.
        var limits = InputLimits.Default with { MaxUnitBytes = 4096 };

        var units = JsonUnitReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(CloudTrailSamples.LogFile(20_000))), "big.json", limits, false);

        units.Count(u => !u.IsFailure).Should().Be(20_000);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(CloudTrailSamples.LogFile(2))).ToArray();

        var units = JsonUnitReader.Read(new MemoryStream(bytes), "bom.json", InputLimits.Default, false).ToList();

        units.Should().HaveCount(2).And.OnlyContain(u => !u.IsFailure);
    }

    [Fact]
    public void Ndjson_with_a_broken_line_keeps_its_neighbours_and_quarantines_only_that_line()
    {
        string text = CloudTrailSamples.Record(1) + "\n\n{\"eventVersion\":\"1.08\",\"eventName\n" + CloudTrailSamples.Record(2) + "\r\n" + CloudTrailSamples.Record(3);

        foreach (bool lineMode in new[] { true, false })
        {
            var units = Units(text, lineMode, chunk: 5);

            units.Should().HaveCount(4);
            units.Where(u => !u.IsFailure).Select(Text).Should().Equal(CloudTrailSamples.Record(1), CloudTrailSamples.Record(2), CloudTrailSamples.Record(3));
            var failure = units.Single(u => u.IsFailure);
            failure.Failure.Should().StartWith("malformed JSON");
            Text(failure).Should().Be("{\"eventVersion\":\"1.08\",\"eventName");
            failure.Location.Should().Be("in.json:line 3");
        }
    }

    [Fact]
    public void A_first_line_that_is_broken_but_looks_like_one_record_switches_to_line_mode()
    {
        string text = "{\"a\":1,}\n" + CloudTrailSamples.Record(5) + "\n";

        var units = Units(text);

        units.Should().HaveCount(2);
        units[0].IsFailure.Should().BeTrue();
        Text(units[1]).Should().Be(CloudTrailSamples.Record(5));
    }

    [Fact]
    public void A_truncated_log_file_keeps_the_complete_records_and_quarantines_the_rest()
    {
        string whole = CloudTrailSamples.LogFile(3);
        string truncated = whole[..(whole.Length - 60)];

        var units = Units(truncated, chunk: 11);

        units.Where(u => !u.IsFailure).Should().HaveCount(2);
        var failure = units.Last();
        failure.IsFailure.Should().BeTrue();
        failure.Failure.Should().Contain("truncated");
        failure.Location.Should().Be("in.json#Records[2]");
        Text(failure).Should().StartWith("{\"eventVersion\"");
    }

    [Fact]
    public void A_truncated_gzip_file_keeps_what_was_readable_and_quarantines_the_rest()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(CloudTrailSamples.LogFile(2000)));
        }

        byte[] cut = compressed.ToArray()[..(int)(compressed.Length / 2)];

        var units = JsonUnitReader.Read(InputFiles.MaybeDecompress(new MemoryStream(cut)), "cut.json.gz", InputLimits.Default, false).ToList();

        units.Count(u => !u.IsFailure).Should().BeInRange(100, 1999);
        units.Should().ContainSingle(u => u.IsFailure).Which.Failure.Should().MatchRegex("truncated|corrupt");
    }

    [Fact]
    public void An_oversized_record_is_quarantined_with_a_prefix_and_its_neighbours_survive()
    {
        var limits = InputLimits.Default with { MaxUnitBytes = 2048, MaxQuarantineRawBytes = 100 };
        string huge = "{\"eventVersion\":\"1.08\",\"padding\":\"" + new string('x', 50_000) + "\"}";
        string file = "{\"Records\":[" + CloudTrailSamples.Record(1) + "," + huge + "," + CloudTrailSamples.Record(2) + "]}";

        var units = Units(file, limits: limits, chunk: 4096);

        units.Should().HaveCount(3);
        units[0].IsFailure.Should().BeFalse();
        units[1].Failure.Should().Contain("exceeds the 2048-byte limit");
        units[1].RawTruncated.Should().BeTrue();
        units[1].Json.Length.Should().Be(100);
        units[1].Location.Should().Be("in.json#Records[1]");
        Text(units[2]).Should().Be(CloudTrailSamples.Record(2));
    }

    [Fact]
    public void An_oversized_ndjson_line_is_skipped_to_the_next_line()
    {
        var limits = InputLimits.Default with { MaxUnitBytes = 1024, MaxQuarantineRawBytes = 64 };
        string text = CloudTrailSamples.Record(1).Replace("aws-cli/2.15.0", new string('y', 3000), StringComparison.Ordinal) + "\n" + CloudTrailSamples.Record(2) + "\n";

        var units = Units(text, lineMode: true, limits: limits);

        units.Should().HaveCount(2);
        units[0].Failure.Should().Contain("exceeds");
        Text(units[1]).Should().Be(CloudTrailSamples.Record(2));
    }

    [Fact]
    public void Top_level_arrays_are_streamed_element_by_element()
    {
        string text = "[" + CloudTrailSamples.Record(1) + ", " + CloudTrailSamples.Record(2) + "]";

        var units = Units(text, chunk: 13);

        units.Select(u => u.Location).Should().Equal("in.json#[0]", "in.json#[1]");
    }

    [Fact]
    public void Plain_text_is_one_quarantined_unit_with_its_bytes()
    {
        var units = Units("this is not json\nat all\n");

        units.Should().ContainSingle().Which.IsFailure.Should().BeTrue();
        Text(units[0]).Should().Be("this is not json\nat all\n");
    }

    [Fact]
    public void Members_after_Records_are_kept_as_quarantine_not_dropped()
    {
        var units = Units("{\"Records\":[" + CloudTrailSamples.Record(1) + "],\"extra\":{\"x\":1}}");

        units.Should().HaveCount(2);
        units[1].Failure.Should().Contain("not records");
        Text(units[1]).Should().Contain("\"extra\"");
    }

    [Fact]
    public void A_log_file_whose_first_member_is_not_Records_is_one_unit()
    {
        var units = Units("{\"meta\":1,\"Records\":[" + CloudTrailSamples.Record(1) + "]}");

        units.Should().ContainSingle().Which.IsFailure.Should().BeFalse();
    }
}

public class LowerCaseRecordsTests
{
    [Fact]
    public void Azure_diagnostic_log_documents_are_streamed_like_CloudTrail_log_files()
    {
        string doc = "{\"records\": [{\"time\":\"2026-01-01T00:00:00Z\",\"operationName\":\"A\"}, {\"time\":\"2026-01-01T00:00:01Z\",\"operationName\":\"B\"}]}";

        var units = JsonUnitReader.Read(new TrickleStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(doc)), 3), "diag.json", InputLimits.Default, false).ToList();

        units.Select(u => u.Location).Should().Equal("diag.json#records[0]", "diag.json#records[1]");
    }
}
