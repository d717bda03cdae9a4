using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Azure.Findings;

/// <summary>
/// One escalated OCSF Detection Finding (2004) as a CloudEvents 1.0 event in JSON format: <c>id</c> the finding's
/// <c>metadata.uid</c> (the same match always gives the same id, so a subscriber drops a redelivered or re-published
/// copy), <c>source</c> the evidence log's origin, <c>type</c> <see cref="EventType"/>, <c>subject</c> the evidence batch
/// key, <c>time</c> the finding's time, and the finding itself as <c>data</c>. A finding too large for one event
/// (<see cref="MaxEventBytes"/>) is sent as its summary (metadata, finding_info, severity) with <c>data.omitted</c> saying
/// where the whole finding is.
/// </summary>
public static class FindingCloudEvent
{
    public const string EventType = "TrailNormalizer.Finding.Detection";

    /// <summary>Event Grid takes at most 1 MB per event; a margin stays for the envelope.</summary>
    public const int MaxEventBytes = 1_000_000;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 512 };
    private static readonly JsonWriterOptions WriteOptions = new() { MaxDepth = 512 };

    public static byte[] From(ReadOnlySpan<byte> findingLine, string source, string batchKey)
    {
        using var doc = JsonDocument.Parse(findingLine.ToArray(), ReadOptions);
        var finding = doc.RootElement;
        byte[] whole = Write(finding, source, batchKey, summaryOnly: false);
        return whole.Length <= MaxEventBytes ? whole : Write(finding, source, batchKey, summaryOnly: true);
    }

    private static byte[] Write(JsonElement finding, string source, string batchKey, bool summaryOnly)
    {
        string uid = finding.TryGetProperty("metadata", out var m) && m.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.String
            ? u.GetString()!
            : throw new InvalidDataException($"a finding in {batchKey} has no metadata.uid");
        long timeMs = finding.TryGetProperty("time", out var t) && t.TryGetInt64(out long ms) ? ms : 0;
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, WriteOptions))
        {
            w.WriteStartObject();
            w.WriteString("specversion", "1.0");
            w.WriteString("id", uid);
            w.WriteString("source", source);
            w.WriteString("type", EventType);
            w.WriteString("subject", batchKey);
            w.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("datacontenttype", "application/json");
            w.WritePropertyName("data");
            if (!summaryOnly)
            {
                finding.WriteTo(w);
            }
            else
            {
                w.WriteStartObject();
                foreach (string name in (string[])["class_uid", "class_name", "severity_id", "severity", "time", "message", "metadata", "finding_info"])
                {
                    if (finding.TryGetProperty(name, out var value))
                    {
                        w.WritePropertyName(name);
                        value.WriteTo(w);
                    }
                }

                w.WriteString("omitted", $"the finding is larger than one event allows; read it whole from the evidence batch {batchKey}");
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
