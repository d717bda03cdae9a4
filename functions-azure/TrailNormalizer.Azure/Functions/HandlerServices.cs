using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Azure.Functions;

/// <summary>What the functions share for the life of the process: created once at start-up, safe to use concurrently.</summary>
public sealed class HandlerServices
{
    public required HandlerSettings Settings { get; init; }

    public required IEvidenceStore Store { get; init; }

    /// <summary>Reads diagnostic-log blobs; null quarantines their BlobCreated events.</summary>
    public ILogBlobSource? LogBlobs { get; init; }

    /// <summary>Tags events with the rules; null writes them untagged.</summary>
    public EventTagger? Tagger { get; init; }

    /// <summary>Creates the checkpoint signer on the first seal (Key Vault, or a local key in development mode).</summary>
    public required Func<ICheckpointSigner> SignerFactory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public InputLimits Limits { get; init; } = InputLimits.Default;

    public IReadOnlyList<IRecordHandler> Handlers { get; init; } = RecordHandlers.Default(new RecordHandlerOptions());

    public RetentionPolicy Retention => Settings.Retention;

    /// <summary>Batches are cut at this many uncompressed bytes, bounding the memory one invocation holds.</summary>
    public long MaxBatchBytes { get; init; } = 16L * 1024 * 1024;

    public HandlerLog Log { get; init; } = new(Console.Out);
}
