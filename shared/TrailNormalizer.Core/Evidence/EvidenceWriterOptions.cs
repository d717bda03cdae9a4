namespace TrailNormalizer.Core.Evidence;

/// <summary>When batches are cut. A batch is sealed when it reaches either bound, or when the run ends.</summary>
public sealed record EvidenceWriterOptions
{
    public int MaxEventsPerBatch { get; init; } = 10_000;

    public long MaxUncompressedBytesPerBatch { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most partitions filled at once; past it the least recently used batch is sealed early. Records spread over many
    /// account / region / hour partitions (an organization trail, an event bus) then still fill each partition's batch.
    /// </summary>
    public int MaxOpenBatches { get; init; } = 4096;

    /// <summary>
    /// About what the open batches may hold in memory together (a small batch its lines, a large one its gzip bytes and
    /// compressor); past it the least recently used are sealed. Memory is bounded by this, not by the number of partitions.
    /// </summary>
    public long MaxOpenBatchBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// Sealed batches stored together (objects first, then their manifests) with one durability step; a run's
    /// completion records are written only after the group holding its batches is stored.
    /// </summary>
    public int BatchesPerStoreGroup { get; init; } = 32;

    /// <summary>A batch open this long (by the writer's clock) is sealed, so a slow partition's events do not wait for the run's end.</summary>
    public TimeSpan MaxBatchAge { get; init; } = TimeSpan.FromMinutes(5);

    public string Producer { get; init; } = "trailnorm";

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Default;

    /// <summary>8 hex digits naming the run, put into every batch id (<see cref="EvidenceKeys.NewBatchId"/>); null for none.</summary>
    public string? RunTag { get; init; }
}
