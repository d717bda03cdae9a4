using System.Text.Json;
using Amazon.S3;
using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.Aws.FollowUps;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Aws.Tests.Storage;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Tests.FollowUps;

/// <summary>
/// The seal function's witness step on radosgw, wired from the environment as the Lambda wires it: after a seal, the
/// checkpoint is in the witness bucket under the witness prefix, byte for byte, and <c>verify --witness</c>'s comparison agrees.
/// </summary>
public sealed class WitnessOnRadosgwTests : IDisposable
{
    private readonly AmazonS3Client _s3 = Radosgw.Client();

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task The_seal_run_writes_each_checkpoint_to_the_witness_bucket()
    {
        string evidenceBucket = Radosgw.NewBucket(_s3, objectLock: true);
        string witnessBucket = Radosgw.NewBucket(_s3, objectLock: true);
        var settings = LambdaSettings.Read(new Dictionary<string, string?>
        {
            ["_HANDLER"] = "seal",
            ["AWS_REGION"] = "us-east-1",
            ["TRAILNORM_EVIDENCE_BUCKET"] = evidenceBucket,
            ["TRAILNORM_SIGNING_KEY_ID"] = "alias/unused-here",
            ["TRAILNORM_WITNESS_BUCKET"] = witnessBucket,
            ["TRAILNORM_WITNESS_PREFIX"] = "witness/prod/",
        }.GetValueOrDefault);
        var store = new S3EvidenceStore(_s3, new S3EvidenceStoreOptions(evidenceBucket), Radosgw.Retry());
        using var evidence = new SealedEvidence(store, TimeProvider.System);
        var sealRun = SealFollowUpsSetup.Wrap(new SealOnly(evidence), settings, _s3, store, Radosgw.Retry(), TimeProvider.System, _ => null, []);

        var first = sealRun.Handle("{}"u8.ToArray(), new InvocationContext("r1", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));
        evidence.WriteAndSeal(("rw-2", "StopInstances"));
        var second = sealRun.Handle("{}"u8.ToArray(), new InvocationContext("r2", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));

        first.Counts.Should().Contain(new KeyValuePair<string, long>("witnessed", 1));
        second.Counts.Should().Contain(new KeyValuePair<string, long>("witnessed", 2), "the seal run's own checkpoint and the one sealed outside it");
        var witness = new S3EvidenceStore(_s3, new S3EvidenceStoreOptions(witnessBucket, "witness/prod/"), Radosgw.Retry());
        witness.List(SealRecord.CheckpointsPrefix).Should().Equal(SealRecord.CheckpointKey(0), SealRecord.CheckpointKey(1), SealRecord.CheckpointKey(2));
        (await _s3.ListObjectsV2Async(new() { BucketName = witnessBucket })).S3Objects
            .Should().OnlyContain(o => o.Key.StartsWith("witness/prod/log/checkpoints/", StringComparison.Ordinal));
        Witness.Compare(store, witness, evidence.Signer.PublicKeySpki).Should().BeEmpty();
    }

    /// <summary>Stands in for the seal handler: writes one event and seals it with the local key.</summary>
    private sealed class SealOnly(SealedEvidence evidence) : IInvocationHandler
    {
        private int _runs;

        public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
        {
            long sequence = evidence.WriteAndSeal(($"rw-seal-{_runs++}", "StopInstances"));
            return new HandlerResult(JsonSerializer.SerializeToUtf8Bytes(sequence), [new("sequence", sequence)]);
        }
    }
}
