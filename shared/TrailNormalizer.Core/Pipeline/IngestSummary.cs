using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>What an <see cref="IngestSession"/> stored. <see cref="Records"/> always equals <see cref="Normalized"/> + <see cref="Quarantined"/> + <see cref="Control"/>.</summary>
public sealed record IngestSummary
{
    /// <summary>Inputs read: files (CLI), SQS messages (Lambda), Event Grid events and log blobs (Azure).</summary>
    public long Inputs { get; init; }

    /// <summary>Events normalized from input records (detection findings, stored beside them, are not counted here).</summary>
    public long Normalized { get; init; }

    /// <summary>Detection findings (class 2004) produced by escalation and stored as evidence with the events.</summary>
    public long Findings { get; init; }

    public long Quarantined { get; init; }

    /// <summary>Protocol messages (handshakes, test events) that carry no audit event.</summary>
    public long Control { get; init; }

    public long Records => Normalized + Quarantined + Control;

    public IReadOnlyDictionary<string, long> ControlKinds { get; init; } = new Dictionary<string, long>();

    /// <summary>Batches written by this session.</summary>
    public int Batches { get; init; }

    /// <summary>Batches an earlier delivery of the same input had stored: met at the create-only write, not written again.</summary>
    public int BatchesAlreadyStored { get; init; }

    /// <summary>Batches the store failed (reported to <see cref="IngestOptions.OnBatchNotStored"/>).</summary>
    public int BatchesNotStored { get; init; }

    public long InputBytes { get; init; }

    public IReadOnlyDictionary<int, long> Classes { get; init; } = new Dictionary<int, long>();

    public string EvidenceDirectory { get; init; } = "";

    /// <summary>One line for a log: what was stored.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Normalized} events, {Findings} findings, {Quarantined} quarantined, {Control} control messages, {Batches} batches stored")
        + (BatchesAlreadyStored > 0 ? string.Create(CultureInfo.InvariantCulture, $", {BatchesAlreadyStored} already stored by an earlier delivery") : "")
        + (BatchesNotStored > 0 ? string.Create(CultureInfo.InvariantCulture, $", {BatchesNotStored} NOT stored") : "");

    /// <summary>The CLI's <c>--summary-json</c> document.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("records", Records);
            w.WriteNumber("normalized", Normalized);
            w.WriteNumber("quarantined", Quarantined);
            w.WriteNumber("control", Control);
            w.WriteNumber("findings", Findings);
            w.WriteStartObject("control_kinds");
            foreach (var (kind, count) in ControlKinds.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kind, count);
            }

            w.WriteEndObject();
            w.WriteNumber("files", Inputs);
            w.WriteNumber("input_bytes", InputBytes);
            w.WriteNumber("batches", Batches);
            w.WriteStartObject("classes");
            foreach (var (uid, count) in Classes.OrderBy(c => c.Key))
            {
                w.WriteNumber($"{uid.ToString(CultureInfo.InvariantCulture)} {ClassName(uid)}", count);
            }

            w.WriteEndObject();
            w.WriteString("evidence", EvidenceDirectory);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ClassName(int uid) =>
        OcsfClass.ByUid.TryGetValue(uid, out var c) ? c.Name : "Class " + uid.ToString(CultureInfo.InvariantCulture);
}
