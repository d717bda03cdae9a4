using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Aws.Findings;

/// <summary>One stored detection finding as an SNS message: the finding's JSON, its uid, severity and title, and where it is stored.</summary>
public sealed record FindingMessage(string Json, string Uid, string? Severity, string? Title, string EvidenceObject)
{
    public static FindingMessage From(byte[] line, string evidenceObject)
    {
        ArgumentNullException.ThrowIfNull(line);
        using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 512 });
        var root = document.RootElement;
        string? uid = null;
        string? title = null;
        if (root.TryGetProperty("finding_info", out var info) && info.ValueKind == JsonValueKind.Object)
        {
            uid = info.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            title = info.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }

        string? severity = root.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return new FindingMessage(Encoding.UTF8.GetString(line), uid ?? throw new FormatException($"a stored finding in {evidenceObject} has no finding_info.uid"), severity, title, evidenceObject);
    }

    /// <summary>SNS message attributes: subscribers filter on severity and deduplicate on finding_uid.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes()
    {
        var attributes = new List<KeyValuePair<string, string>> { new("finding_uid", Uid), new("evidence_object", EvidenceObject) };
        if (Severity is { Length: > 0 } severity)
        {
            attributes.Add(new("severity", severity));
        }

        return attributes;
    }

    /// <summary>What is sent instead of a finding over SNS's size limit: enough to find it in the evidence (<c>trailnorm cat --findings</c>).</summary>
    public string OversizeStub()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("truncated", true);
            w.WriteString("reason", $"the finding is {Encoding.UTF8.GetByteCount(Json)} bytes, over SNS's message limit; read it from the evidence");
            w.WriteString("finding_uid", Uid);
            w.WriteString("title", Title is { Length: > 1000 } long_ ? long_[..1000] : Title);
            w.WriteString("severity", Severity);
            w.WriteString("evidence_object", EvidenceObject);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
