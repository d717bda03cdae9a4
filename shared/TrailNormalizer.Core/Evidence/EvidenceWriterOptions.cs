namespace TrailNormalizer.Core.Evidence;

/// <summary>When batches are cut. A batch is sealed when it reaches either bound, or when the run ends.</summary>
public sealed record EvidenceWriterOptions
{
    public int MaxEventsPerBatch { get; init; } = 10_000;

    public long MaxUncompressedBytesPerBatch { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most partitions filled at once; past it the fullest batch is sealed early, bounding memory.</summary>
    public int MaxOpenBatches { get; init; } = 32;

    public string Producer { get; init; } = "trailnorm";

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Default;

    /// <summary>8 hex digits naming the run, put into every batch id (<see cref="EvidenceKeys.NewBatchId"/>); null for none.</summary>
    public string? RunTag { get; init; }
}
