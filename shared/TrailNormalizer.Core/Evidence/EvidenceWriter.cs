using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Files normalized events into partitioned batches and quarantined items into quarantine batches,
/// writing each batch object and then its manifest, create-only, to an <see cref="IEvidenceStore"/>.
/// </summary>
public sealed class EvidenceWriter : IRecordSink, IDisposable
{
    private readonly IEvidenceStore _store;
    private readonly TimeProvider _time;
    private readonly EvidenceWriterOptions _options;
    private readonly Dictionary<string, OpenBatch> _open = new(StringComparer.Ordinal);
    private OpenBatch? _quarantine;

    public EvidenceWriter(IEvidenceStore store, TimeProvider time, EvidenceWriterOptions? options = null)
    {
        _store = store;
        _time = time;
        _options = options ?? new EvidenceWriterOptions();
    }

    public long NormalizedCount { get; private set; }

    public long QuarantinedCount { get; private set; }

    public long ControlCount { get; private set; }

    /// <summary>Control messages by kind, e.g. "s3:TestEvent".</summary>
    public Dictionary<string, long> ControlKinds { get; } = new(StringComparer.Ordinal);

    public int BatchesWritten { get; private set; }

    public Dictionary<int, long> ClassCounts { get; } = [];

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        string folder = EvidenceKeys.EventBatchFolder(normalizedEvent.Partition, normalizedEvent.TimeMs);
        if (!_open.TryGetValue(folder, out var batch))
        {
            if (_open.Count >= _options.MaxOpenBatches)
            {
                var fullest = _open.Values.MaxBy(b => b.UncompressedBytes)!;
                Seal(fullest);
            }

            var partition = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["cloud"] = normalizedEvent.Partition.Cloud,
                ["account"] = normalizedEvent.Partition.Account,
                ["region"] = normalizedEvent.Partition.Region,
            };
            batch = new OpenBatch(folder, EvidenceKeys.NewBatchId(_time.GetUtcNow()), "events", partition);
            _open[folder] = batch;
        }

        batch.Append(normalizedEvent.Json, normalizedEvent.TimeMs, normalizedEvent.ClassUid.ToString(CultureInfo.InvariantCulture));
        NormalizedCount++;
        ClassCounts[normalizedEvent.ClassUid] = ClassCounts.GetValueOrDefault(normalizedEvent.ClassUid) + 1;
        if (IsFull(batch))
        {
            Seal(batch);
        }
    }

    public void Quarantined(QuarantineItem item)
    {
        var now = _time.GetUtcNow();
        _quarantine ??= new OpenBatch(EvidenceKeys.QuarantineFolder(now), EvidenceKeys.NewBatchId(now), "quarantine", new Dictionary<string, string>());
        _quarantine.Append(QuarantineLine(item), null, null);
        QuarantinedCount++;
        if (IsFull(_quarantine))
        {
            Seal(_quarantine);
        }
    }

    public void Control(string kind, string source)
    {
        ControlCount++;
        ControlKinds[kind] = ControlKinds.GetValueOrDefault(kind) + 1;
    }

    /// <summary>Seals every open batch. Call at the end of a run; nothing is durable before it returns.</summary>
    public void Flush()
    {
        foreach (var batch in _open.Values.ToList())
        {
            Seal(batch);
        }

        if (_quarantine is not null)
        {
            Seal(_quarantine);
        }
    }

    /// <summary>The quarantine line: <c>{"reason","source","raw","raw_encoding","raw_truncated"}</c>.</summary>
    public static byte[] QuarantineLine(QuarantineItem item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(item.Raw.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("reason", item.Reason);
            w.WriteString("source", item.Source);
            if (IsUtf8(item.Raw.Span))
            {
                w.WriteString("raw", Encoding.UTF8.GetString(item.Raw.Span));
                w.WriteString("raw_encoding", "utf-8");
            }
            else
            {
                w.WriteBase64String("raw", item.Raw.Span);
                w.WriteString("raw_encoding", "base64");
            }

            w.WriteBoolean("raw_truncated", item.RawTruncated);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        foreach (var batch in _open.Values)
        {
            batch.Dispose();
        }

        _quarantine?.Dispose();
    }

    private bool IsFull(OpenBatch batch) =>
        batch.Count >= _options.MaxEventsPerBatch || batch.UncompressedBytes >= _options.MaxUncompressedBytesPerBatch;

    private void Seal(OpenBatch batch)
    {
        var now = _time.GetUtcNow();
        var retainUntil = _options.Retention.RetainUntil(now);
        var (bytes, manifest) = batch.Seal(now, _options.Producer, retainUntil);
        _store.Put(manifest.ObjectKey, bytes, retainUntil);
        _store.Put(EvidenceKeys.ManifestKeyFor(manifest.ObjectKey), manifest.ToJson(), retainUntil);
        BatchesWritten++;
        batch.Dispose();
        if (ReferenceEquals(batch, _quarantine))
        {
            _quarantine = null;
        }
        else
        {
            _open.Remove(batch.Folder);
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
