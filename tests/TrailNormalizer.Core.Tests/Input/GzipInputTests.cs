using System.IO.Compression;
using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Input;

/// <summary>Damaged gzip: complete records become events and one quarantine item names the problem and its offset.</summary>
public class GzipInputTests
{
    private static readonly string Text = string.Concat(Enumerable.Range(0, 400).Select(i =>
        $$"""{"eventVersion":"1.10","eventTime":"2026-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"eu-west-1","eventID":"gz-{{i}}-{{Guid.NewGuid()}}","recipientAccountId":"111122223333"}""" + "\n"));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    public static TheoryData<int> ShortLengths() => [.. Enumerable.Range(2, 19)];

    [Theory]
    [MemberData(nameof(ShortLengths))]
    public void A_gzip_of_a_few_bytes_is_reported_never_silent(int length)
    {
        var result = Normalize.Bytes(Gzip(Text)[..length], "short.json.gz");

        result.Events.Should().BeEmpty();
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("gzip input is truncated");
    }

    [Fact]
    public void A_gzip_cut_anywhere_keeps_every_complete_record_and_reports_the_cut()
    {
        byte[] full = Gzip(Text);
        foreach (int cut in new[] { full.Length / 4, full.Length / 2, full.Length - 9, full.Length - 8, full.Length - 1 })
        {
            var result = Normalize.Bytes(full[..cut], "cut.ndjson.gz", lineMode: true, chunk: 1000);

            var item = result.Quarantine.Should().ContainSingle($"cut at {cut}").Subject;
            item.Reason.Should().Contain("gzip input is truncated").And.Contain($"ends at byte {cut}");
            result.Events.Should().NotBeEmpty();
            Text.Should().StartWith(string.Concat(result.Events.Select(e => Encoding.UTF8.GetString(Raw(e)) + "\n")));
        }
    }

    [Theory]
    [InlineData(-8, "trailer")]
    [InlineData(-3, "trailer")]
    public void A_wrong_CRC_or_length_trailer_is_reported(int fromEnd, string expected)
    {
        byte[] bytes = Gzip(Text);
        bytes[bytes.Length + fromEnd] ^= 0x5A;

        var result = Normalize.Bytes(bytes, "bad.ndjson.gz", lineMode: true);

        result.Events.Should().HaveCount(400);
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain(expected);
    }

    [Fact]
    public void Concatenated_members_are_all_read()
    {
        byte[] bytes = [.. Gzip(Text), .. Gzip(Text), .. Gzip("")];

        var result = Normalize.Bytes(bytes, "two.ndjson.gz", lineMode: true);

        result.Events.Should().HaveCount(800);
        result.Quarantine.Should().BeEmpty();
    }

    [Fact]
    public void Bytes_after_the_last_member_are_reported()
    {
        var result = Normalize.Bytes([.. Gzip(Text), 1, 2, 3], "tail.ndjson.gz", lineMode: true);

        result.Events.Should().HaveCount(400);
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("3 bytes after the last gzip member");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("[]")]
    [InlineData("{\"Records\":[]}")]
    public void A_file_holding_no_records_is_reported(string content)
    {
        foreach (byte[] bytes in new[] { Gzip(content), Encoding.UTF8.GetBytes(content) })
        {
            var sink = new CollectingSink();
            NormalizationPipeline.ProcessFileStream(
                InputFiles.MaybeDecompress(new MemoryStream(bytes)), "nothing.json", new RecordRouter(InputLimits.Default, FixedTime.Default), sink, InputLimits.Default);

            sink.Events.Should().BeEmpty();
            sink.Quarantine.Should().ContainSingle().Which.Reason.Should().StartWith("the file holds no records");
        }
    }

    [Fact]
    public void A_gz_file_that_is_not_gzip_is_read_as_text_and_its_garbage_quarantined()
    {
        var result = Normalize.Bytes([0x1F, 0x00, 0x42, 0x43], "fake.json.gz");

        result.Quarantine.Should().ContainSingle().Which.Reason.Should().StartWith("malformed JSON");
    }

    private static byte[] Raw(TrailNormalizer.Core.Mapping.NormalizedEvent ev)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ev.Json);
        return Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("raw_data").GetString()!);
    }
}
