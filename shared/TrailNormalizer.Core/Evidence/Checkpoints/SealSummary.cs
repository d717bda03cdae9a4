using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>How every host reports a <see cref="SealResult"/>: one line for people and logs, one JSON object for machine answers.</summary>
public static class SealSummary
{
    /// <summary><c>sealed checkpoint N: appended A batches[, recorded X abandoned writes], log size T[; S stale ...]</c> or <c>nothing to seal: log size T</c>.</summary>
    public static string Text(SealResult result)
    {
        string abandoned = result.Abandoned.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", recorded {result.Abandoned.Count} abandoned writes") : "";
        string stale = result.Stale.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {result.Stale.Count} batches written before the last checkpoint were not adopted")
            : "";
        return (result.Sequence is { } sequence
            ? string.Create(CultureInfo.InvariantCulture, $"sealed checkpoint {sequence}: appended {result.Appended} batches{abandoned}, log size {result.TreeSize}")
            : string.Create(CultureInfo.InvariantCulture, $"nothing to seal: log size {result.TreeSize}")) + stale;
    }

    /// <summary><c>{"sequence","appended","treeSize","stale","abandoned"}</c>; <c>sequence</c> is null when there was nothing to seal.</summary>
    public static byte[] Json(SealResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (result.Sequence is { } sequence)
            {
                w.WriteNumber("sequence", sequence);
            }
            else
            {
                w.WriteNull("sequence");
            }

            w.WriteNumber("appended", result.Appended);
            w.WriteNumber("treeSize", result.TreeSize);
            w.WriteNumber("stale", result.Stale.Count);
            w.WriteNumber("abandoned", result.Abandoned.Count);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
