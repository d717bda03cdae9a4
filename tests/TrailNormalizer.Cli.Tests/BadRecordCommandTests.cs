using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Cli.Tests;

/// <summary>
/// A bad record never aborts a run or takes a neighbour down: exit 0, every good neighbour an event, exactly one
/// quarantine item with a reason per bad record, and the evidence verifies intact.
/// </summary>
public class BadRecordCommandTests
{
    private static byte[] Line(int i) => Encoding.UTF8.GetBytes(Inputs.Record(i) + "\n");

    private static byte[] WithUserName(int i, byte[] nameContent)
    {
        byte[] record = Encoding.UTF8.GetBytes(Inputs.Record(i));
        byte[] anchor = "\"type\":\"Root\","u8.ToArray();
        int at = record.AsSpan().IndexOf(anchor) + anchor.Length;
        return [.. record.AsSpan(0, at), .. "\"userName\":\""u8, .. nameContent, .. "\","u8, .. record.AsSpan(at), (byte)'\n'];
    }

    [Fact]
    public void Invalid_UTF8_in_userName_is_quarantined_with_its_original_bytes()
    {
        byte[] bad = WithUserName(2, [(byte)'a', 0xC3, 0x28, (byte)'b']);
        using var run = Run(("in.ndjson", [.. Line(1), .. bad, .. Line(3)]));

        run.EventIds.Should().BeEquivalentTo("cli-000001", "cli-000003");
        var item = run.Quarantine.Should().ContainSingle().Subject;
        item.GetProperty("reason").GetString().Should().Contain("not valid UTF-8");
        item.GetProperty("raw_encoding").GetString().Should().Be("base64");
        Convert.FromBase64String(item.GetProperty("raw").GetString()!).Should().Equal(bad[..^1]);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_quarantined_not_repaired()
    {
        using var run = Run(("in.ndjson", [.. Line(1), .. WithUserName(2, "x\\udc00"u8.ToArray()), .. Line(3)]));

        run.EventIds.Should().BeEquivalentTo("cli-000001", "cli-000003");
        run.Quarantine.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Contain("lone UTF-16 surrogate");
    }

    [Fact]
    public void An_EventBridge_event_with_a_detail_70_levels_deep_is_normalized_beside_its_neighbours()
    {
        string deep = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);
        string eventBridge = $$"""{"version":"0","id":"eb-deep","detail-type":"Custom Thing Happened","source":"custom.app","account":"111122223333","time":"2026-05-01T10:00:00Z","region":"eu-west-1","resources":[],"detail":{{deep}}}""";
        using var run = Run(("in.ndjson", [.. Line(1), .. Encoding.UTF8.GetBytes(eventBridge + "\n"), .. Line(3)]));

        run.EventIds.Should().BeEquivalentTo("cli-000001", "eb-deep", "cli-000003");
        run.Quarantine.Should().BeEmpty();
    }

    [Fact]
    public void A_9_MiB_string_line_is_skipped_exactly_and_the_next_line_read()
    {
        using var run = Run(("in.ndjson", [.. Line(1), .. Huge(), (byte)'\n', .. Line(3)]));

        run.EventIds.Should().BeEquivalentTo("cli-000001", "cli-000003");
        AssertOversized(run.Quarantine.Should().ContainSingle().Subject, Line(1).Length);
    }

    [Fact]
    public void A_9_MiB_string_in_a_Records_array_is_skipped_exactly_and_the_next_record_read()
    {
        byte[] file = [.. "{\"Records\":["u8, .. Line(1)[..^1], (byte)',', .. Huge(), (byte)',', .. Line(3)[..^1], .. "]}"u8];
        using var run = Run(("in.json", file));

        run.EventIds.Should().BeEquivalentTo("cli-000001", "cli-000003");
        AssertOversized(run.Quarantine.Should().ContainSingle().Subject, "{\"Records\":[".Length + Line(1).Length);
    }

    [Fact]
    public void A_2_byte_gzip_is_reported_and_the_other_files_read()
    {
        using var run = Run(("a.json", Line(1)), ("b.json.gz", [0x1F, 0x8B]));

        run.EventIds.Should().BeEquivalentTo("cli-000001");
        run.Quarantine.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Contain("gzip input is truncated");
    }

    [Fact]
    public void A_gzip_cut_in_half_keeps_its_complete_records_and_reports_the_cut()
    {
        byte[] gzip = Gzip(Enumerable.Range(0, 300).SelectMany(Line).ToArray());
        using var run = Run(("cut.ndjson.gz", gzip[..(gzip.Length / 2)]));

        run.EventIds.Should().NotBeEmpty().And.BeEquivalentTo(Enumerable.Range(0, run.EventIds.Count).Select(i => $"cli-{i:D6}"), "the complete records before the cut");
        run.Quarantine.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Contain($"ends at byte {gzip.Length / 2}");
    }

    [Fact]
    public void An_eventTime_of_1970_becomes_the_received_time_labelled()
    {
        string epoch = Inputs.Record(2).Replace("2026-05-03T12:00:00Z", "1970-01-01T00:00:00Z", StringComparison.Ordinal);
        epoch.Should().Contain("1970-01-01T00:00:00Z");
        using var run = Run(("in.ndjson", [.. Line(1), .. Encoding.UTF8.GetBytes(epoch + "\n"), .. Line(3)]));

        run.EventIds.Should().BeEquivalentTo("cli-000001", "cli-000002", "cli-000003");
        var ev = run.Events.Single(e => e.GetProperty("metadata").GetProperty("uid").GetString() == "cli-000002");
        ev.GetProperty("time").GetInt64().Should().BeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        ev.GetProperty("metadata").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Contain("time:substituted-with-received-time");
    }

    private static byte[] Huge() =>
        [.. "{\"eventVersion\":\"1.10\",\"eventID\":\"huge\",\"blob\":\""u8, .. Enumerable.Repeat((byte)'a', 9 * 1024 * 1024), .. "\"}"u8];

    private static void AssertOversized(JsonElement item, long offset)
    {
        long length = Huge().Length;
        item.GetProperty("reason").GetString().Should().Contain($"value of {length} bytes at byte {offset} exceeds");
        item.GetProperty("raw_offset").GetInt64().Should().Be(offset);
        item.GetProperty("raw_length").GetInt64().Should().Be(length);
        item.GetProperty("raw_truncated").GetBoolean().Should().BeTrue();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static BadRecordRun Run(params (string Name, byte[] Content)[] files)
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(dir[$"in/{name}"], content);
        }

        var normalize = CliRun.Of("normalize", "--out", dir["ev"], "--summary-json", dir["summary.json"], dir["in"]);
        normalize.ExitCode.Should().Be(0, normalize.Error);
        var events = Lines(CliRun.Of("cat", dir["ev"]));
        var quarantine = Lines(CliRun.Of("cat", dir["ev"], "--quarantine"));
        using var summary = JsonDocument.Parse(File.ReadAllBytes(dir["summary.json"]));
        summary.RootElement.GetProperty("normalized").GetInt64().Should().Be(events.Count);
        summary.RootElement.GetProperty("quarantined").GetInt64().Should().Be(quarantine.Count);
        foreach (var item in quarantine)
        {
            item.GetProperty("reason").GetString().Should().NotBeNullOrEmpty();
        }

        var verify = CliRun.Of("verify", dir["ev"]);
        verify.ExitCode.Should().Be(0, verify.Out + verify.Error);
        return new BadRecordRun(dir, events, quarantine);
    }

    private static List<JsonElement> Lines(CliRun run)
    {
        run.ExitCode.Should().Be(0, run.Error);
        return run.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l, new JsonDocumentOptions { MaxDepth = 512 }).RootElement.Clone()).ToList();
    }

    private sealed record BadRecordRun(TempDir Dir, List<JsonElement> Events, List<JsonElement> Quarantine) : IDisposable
    {
        public List<string> EventIds => [.. Events.Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()!)];

        public void Dispose() => Dir.Dispose();
    }
}
