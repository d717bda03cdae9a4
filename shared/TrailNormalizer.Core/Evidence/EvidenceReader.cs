using System.IO.Compression;

namespace TrailNormalizer.Core.Evidence;

/// <summary>Reads batches back: every line of every event (or quarantine) batch, in key order.</summary>
public static class EvidenceReader
{
    /// <summary>
    /// Streams the NDJSON lines (with their newline) of all batches under <paramref name="prefix"/> to <paramref name="output"/>.
    /// A batch object without a manifest (an interrupted write, not evidence) is left out.
    /// </summary>
    public static long CopyLines(IEvidenceStore store, string prefix, Stream output)
    {
        long lines = 0;
        var keys = store.List(prefix).ToHashSet(StringComparer.Ordinal);
        foreach (string key in keys.Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && keys.Contains(EvidenceKeys.ManifestKeyFor(k))).Order(StringComparer.Ordinal))
        {
            using var gzip = new GZipStream(store.OpenRead(key), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                output.Write(buffer, 0, read);
            }
        }

        output.Flush();
        return lines;
    }
    /// <summary>
    /// Like <see cref="CopyLines(IEvidenceStore, string, Stream)"/>, but only the lines <paramref name="keep"/> accepts
    /// (each line without its newline).
    /// </summary>
    public static long CopyLines(IEvidenceStore store, string prefix, Stream output, Func<ReadOnlySpan<byte>, bool> keep)
    {
        long lines = 0;
        var keys = store.List(prefix).ToHashSet(StringComparer.Ordinal);
        foreach (string key in keys.Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && keys.Contains(EvidenceKeys.ManifestKeyFor(k))).Order(StringComparer.Ordinal))
        {
            foreach (byte[] line in BatchLines.Read(store, key))
            {
                if (keep(line))
                {
                    output.Write(line);
                    output.WriteByte((byte)'\n');
                    lines++;
                }
            }
        }

        output.Flush();
        return lines;
    }
}
