using System.IO.Compression;
using System.Security.Cryptography;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>What one forwarding run of one sink did.</summary>
public sealed record ForwardResult(string Sink, int Batches, int Items, long Leaves, string? Failure);

/// <summary>
/// Feeds a sink the event batches of the sealed evidence log in log order, from the sink's <see cref="ForwardCursor"/>:
/// only batches a seal appended (so what leaves the store is exactly what the checkpoints cover), each re-hashed against
/// its manifest before it is sent. At most <c>maxBatches</c> per run; the cursor is written for the batches that went
/// through, so a failed send is retried from the evidence by the next run (at least once: rows of a batch that failed
/// half-way may arrive twice and carry the same metadata_uid). Quarantine batches are not forwarded.
/// </summary>
public static class SealedBatchForwarder
{
    public static ForwardResult Run(IEvidenceStore store, IBatchSink sink, int maxBatches, TimeProvider time, RetentionPolicy retention)
    {
        var start = ForwardCursor.Latest(store, sink.Name);
        long leaves = start.Leaves;
        long seal = start.Seal;
        int batches = 0, items = 0;
        string? failure = null;
        try
        {
            for (long sequence = start.Seal; batches < maxBatches && store.Exists(SealRecord.SealKey(sequence)); sequence++)
            {
                var record = SealRecord.Parse(Read(store, SealRecord.SealKey(sequence)));
                if (record.Sequence != sequence || record.PreviousSize > leaves)
                {
                    throw new InvalidDataException($"{SealRecord.SealKey(sequence)} starts at leaf {record.PreviousSize}, the cursor of {sink.Name} is at {leaves}");
                }

                for (long leaf = leaves; leaf < record.TreeSize && batches < maxBatches; leaf++)
                {
                    string manifestKey = record.Appended[(int)(leaf - record.PreviousSize)];
                    if (manifestKey.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal))
                    {
                        items += sink.Send(EvidenceKeys.BatchKeyFor(manifestKey), VerifiedLines(store, manifestKey));
                    }

                    leaves = leaf + 1;
                    seal = sequence;
                    batches++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException or System.Text.Json.JsonException)
        {
            failure = ex.Message;
        }
        finally
        {
            if (leaves > start.Leaves)
            {
                var cursor = new ForwardCursor(sink.Name, leaves, seal, time.GetUtcNow());
                try
                {
                    store.Put(cursor.Key, cursor.ToJson(), retention.RetainUntil(time.GetUtcNow()));
                }
                catch (EvidenceExistsException)
                {
                    // Another run reached the same position first: the position is recorded either way.
                }
            }
        }

        return new ForwardResult(sink.Name, batches, items, leaves, failure);
    }

    /// <summary>The batch's lines once its bytes hash to the manifest's SHA-256; an altered batch is never forwarded.</summary>
    private static List<byte[]> VerifiedLines(IEvidenceStore store, string manifestKey)
    {
        var manifest = BatchManifest.Parse(Read(store, manifestKey));
        byte[] batch = Read(store, manifest.ObjectKey);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(batch)), manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{manifest.ObjectKey} does not match the SHA-256 in its manifest; not forwarded (run trailnorm verify)");
        }

        using var gzip = new GZipStream(new MemoryStream(batch), CompressionMode.Decompress);
        using var content = new MemoryStream();
        gzip.CopyTo(content);
        var lines = new List<byte[]>(manifest.Count);
        var span = content.GetBuffer().AsSpan(0, (int)content.Length);
        while (span.Length > 0)
        {
            int newline = span.IndexOf((byte)'\n');
            int end = newline < 0 ? span.Length : newline;
            if (end > 0)
            {
                lines.Add(span[..end].ToArray());
            }

            span = newline < 0 ? [] : span[(newline + 1)..];
        }

        return lines;
    }

    private static byte[] Read(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
