using System.IO.Compression;

namespace TrailNormalizer.Core.Evidence;

/// <summary>The lines of one batch object, without their newlines, in order.</summary>
public static class BatchLines
{
    public static List<byte[]> Read(IEvidenceStore store, string batchKey)
    {
        using var gzip = new GZipStream(store.OpenRead(batchKey), CompressionMode.Decompress);
        using var content = new MemoryStream();
        gzip.CopyTo(content);
        var lines = new List<byte[]>();
        var span = content.GetBuffer().AsSpan(0, (int)content.Length);
        while (span.Length > 0)
        {
            int newline = span.IndexOf((byte)'\n');
            int end = newline < 0 ? span.Length : newline;
            lines.Add(span[..end].ToArray());
            span = newline < 0 ? [] : span[(newline + 1)..];
        }

        return lines;
    }
}
