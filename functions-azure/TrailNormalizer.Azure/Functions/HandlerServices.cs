using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;

namespace TrailNormalizer.Azure.Functions;

/// <summary>What the functions share for the life of the process: created once at start-up, safe to use concurrently.</summary>
public sealed class HandlerServices
{
    public required HandlerSettings Settings { get; init; }

    public required IEvidenceStore Store { get; init; }

    /// <summary>Reads diagnostic-log blobs; null quarantines their BlobCreated events.</summary>
    public ILogBlobSource? LogBlobs { get; init; }

    /// <summary>Tags events with these rules (and escalates high-level matches to detection findings); null writes them untagged.</summary>
    public SigmaRuleSet? Rules { get; init; }

    /// <summary>Creates the checkpoint signer on the first seal (Key Vault, or a local key in development mode).</summary>
    public required Func<ICheckpointSigner> SignerFactory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public InputLimits Limits { get; init; } = InputLimits.Default;

    public RecordHandlerOptions HandlerOptions { get; init; } = new();

    public RetentionPolicy Retention => Settings.Retention;

    /// <summary>Batches are cut at this many uncompressed bytes, bounding the memory one invocation holds.</summary>
    public long MaxBatchBytes { get; init; } = 16L * 1024 * 1024;

    public HandlerLog Log { get; init; } = new(Console.Out);

    /// <summary>What every invocation's <see cref="IngestSession"/> shares.</summary>
    public IngestOptions Ingest => new()
    {
        Store = Store,
        Time = Time,
        Limits = Limits,
        Handlers = HandlerOptions,
        Writer = new EvidenceWriterOptions { Producer = Producer, Retention = Retention, MaxUncompressedBytesPerBatch = MaxBatchBytes },
        Rules = Rules,
        Escalation = Rules is null ? null : Settings.Escalation,
    };

    public const string Producer = "trailnorm-azure";
}
