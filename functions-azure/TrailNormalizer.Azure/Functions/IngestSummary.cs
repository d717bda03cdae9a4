using System.Globalization;

namespace TrailNormalizer.Azure.Functions;

/// <summary>What one invocation stored.</summary>
public sealed record IngestSummary(long Normalized, long Quarantined, long Control, int Batches, int LogBlobs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Normalized} events, {Quarantined} quarantined, {Control} control messages, {LogBlobs} log blobs read, {Batches} batches stored");
}
