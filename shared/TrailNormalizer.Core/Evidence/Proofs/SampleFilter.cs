using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Proofs;

/// <summary>Which events a sample draws from: a time window and <c>key=value</c> conditions (label, class_uid, uid).</summary>
public sealed record SampleFilter(long? FromMs = null, long? ToMs = null, IReadOnlyList<(string Key, string Value)>? Where = null)
{
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal) { "label", "class_uid", "uid" };

    public bool Matches(JsonElement ev)
    {
        long time = ev.TryGetProperty("time", out var t) && t.TryGetInt64(out long ms) ? ms : 0;
        if ((FromMs is { } from && time < from) || (ToMs is { } to && time >= to))
        {
            return false;
        }

        foreach (var (key, value) in Where ?? [])
        {
            bool ok = key switch
            {
                "label" => ev.TryGetProperty("metadata", out var m) && m.TryGetProperty("labels", out var labels)
                    && labels.ValueKind == JsonValueKind.Array && labels.EnumerateArray().Any(l => l.GetString() == value),
                "class_uid" => ev.TryGetProperty("class_uid", out var c) && c.GetRawText() == value,
                "uid" => ev.TryGetProperty("metadata", out var md) && md.TryGetProperty("uid", out var u) && u.GetString() == value,
                _ => throw new ArgumentException($"unknown filter key {key}; use one of {string.Join(", ", Keys)}"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
