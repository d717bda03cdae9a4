using System.IO.Compression;
using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>
/// A batch object built segment by segment is one ordinary gzip member: its deflate data is a single stream (no final
/// block before the end), its trailer holds the right CRC-32 and length, and while open it holds no compressor.
/// </summary>
public sealed class SegmentedGzipTests
{
    private static List<byte[]> Lines(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(n => Encoding.UTF8.GetBytes(
                $$"""{"class_uid":6003,"time":{{1_790_000_000_000 + n}},"metadata":{"uid":"{{Guid.NewGuid()}}"},"api":{"operation":"Op{{random.Next(40)}}"},"pad":"{{new string('x', random.Next(3000))}}"}""" + "\n"))
            .ToList();
    }

    private static (byte[] File, byte[] Expected) Build(IEnumerable<byte[]> lines)
    {
        var gzip = new SegmentedGzip();
        using var expected = new MemoryStream();
        foreach (var line in lines)
        {
            gzip.Write(line);
            expected.Write(line);
        }

        return (gzip.Finish(), expected.ToArray());
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(600)]
    public void The_file_decodes_to_the_lines_written_as_one_member_with_a_checked_trailer(int count)
    {
        var (file, expected) = Build(Lines(count, count));

        Assert.Equal(expected, ReadAll(new GzipInputStream(new MemoryStream(file)))); // checks CRC-32, length, one member and nothing after it
        Assert.Equal(expected, ReadAll(new GZipStream(new MemoryStream(file), CompressionMode.Decompress)));
        var deflate = file.AsSpan(10, file.Length - 18).ToArray(); // a final block before the last segment would cut this short
        Assert.Equal(expected, ReadAll(new DeflateStream(new MemoryStream(deflate), CompressionMode.Decompress)));
    }

    [Fact]
    public void A_line_larger_than_a_segment_is_compressed_whole_between_smaller_ones()
    {
        var lines = new List<byte[]> { Encoding.UTF8.GetBytes("{\"a\":1}\n"), Encoding.UTF8.GetBytes("{\"big\":\"" + new string('y', 300_000) + "\"}\n"), Encoding.UTF8.GetBytes("{\"b\":2}\n") };

        var (file, expected) = Build(lines);

        Assert.Equal(expected, ReadAll(new GzipInputStream(new MemoryStream(file))));
    }

    [Fact]
    public void Open_it_holds_the_compressed_segments_and_at_most_one_segment_of_input()
    {
        var gzip = new SegmentedGzip();
        long written = 0;
        foreach (var line in Lines(2000, 7))
        {
            gzip.Write(line);
            written += line.Length;
            Assert.True(gzip.MemoryBytes < SegmentedGzip.SegmentBytes + (written / 2), $"{gzip.MemoryBytes} bytes held after {written} written");
        }

        long held = gzip.MemoryBytes;
        long compressed = gzip.Finish().Length;
        Assert.InRange(held, compressed / 2, (2 * compressed) + SegmentedGzip.SegmentBytes); // rented buffers round up to a power of two
        Assert.Equal(0, gzip.MemoryBytes); // finished: its buffers went back to the pool
    }
}
