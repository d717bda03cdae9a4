using System.Text;
using TrailNormalizer.Aws.CheckpointWitness;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Tests.FollowUps;

public sealed class WitnessCopierTests : IDisposable
{
    private readonly MemoryEvidenceStore _evidence = new();
    private readonly FlakyStore _witness = new(new MemoryEvidenceStore());
    private readonly SealedEvidence _sealed;

    public WitnessCopierTests()
    {
        _sealed = new SealedEvidence(_evidence, TimeProvider.System);
    }

    public void Dispose() => _sealed.Dispose();

    private WitnessCopier Copier() => new(_evidence, _witness, new RetentionPolicy(120), TimeProvider.System);

    [Fact]
    public void Every_checkpoint_is_copied_once_and_the_auditors_comparison_agrees()
    {
        _sealed.WriteAndSeal(("w-1", "StopInstances"));
        _sealed.WriteAndSeal(("w-2", "StopInstances"));

        Copier().Copy().Should().Be(2);
        _sealed.WriteAndSeal(("w-3", "StopInstances"));
        Copier().Copy().Should().Be(1);
        Copier().Copy().Should().Be(0);

        _witness.List(SealRecord.CheckpointsPrefix).Should().Equal(_evidence.List(SealRecord.CheckpointsPrefix));
        Witness.Compare(_evidence, _witness, _sealed.Signer.PublicKeySpki).Should().BeEmpty();
    }

    [Fact]
    public void A_run_interrupted_midway_leaves_no_gap_the_next_run_fills_it()
    {
        _sealed.WriteAndSeal(("w-1", "StopInstances"));
        Copier().Copy().Should().Be(1);
        _sealed.WriteAndSeal(("w-2", "StopInstances"));
        _sealed.WriteAndSeal(("w-3", "StopInstances"));
        _sealed.WriteAndSeal(("w-4", "StopInstances"));
        _witness.FailPutOf = SealRecord.CheckpointKey(2);

        var interrupted = () => Copier().Copy();

        interrupted.Should().Throw<IOException>();
        _witness.List(SealRecord.CheckpointsPrefix).Should().Equal([SealRecord.CheckpointKey(0), SealRecord.CheckpointKey(1)], "copies go oldest first");
        _witness.FailPutOf = null;
        Copier().Copy().Should().Be(2);
        _witness.List(SealRecord.CheckpointsPrefix).Should().Equal(_evidence.List(SealRecord.CheckpointsPrefix));
    }

    [Fact]
    public void A_witness_copy_that_differs_from_the_evidence_is_refused_as_a_fork()
    {
        _sealed.WriteAndSeal(("w-1", "StopInstances"));
        _witness.Inner.Put(SealRecord.CheckpointKey(0), Encoding.UTF8.GetBytes("another log\n0\n\n"), DateTimeOffset.UtcNow.AddDays(1));

        var copy = () => Copier().Copy();

        copy.Should().Throw<InvalidOperationException>().WithMessage("forked*000000000000.checkpoint*");
    }

    [Fact]
    public void Nothing_sealed_yet_copies_nothing()
    {
        Copier().Copy().Should().Be(0);
    }

    /// <summary>A store whose Put of one key fails like a network error.</summary>
    private sealed class FlakyStore(MemoryEvidenceStore inner) : IEvidenceStore
    {
        public MemoryEvidenceStore Inner => inner;

        public string? FailPutOf { get; set; }

        public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
        {
            if (key == FailPutOf)
            {
                throw new IOException("connection reset");
            }

            inner.Put(key, content, retainUntil);
        }

        public Stream OpenRead(string key) => inner.OpenRead(key);

        public IEnumerable<string> List(string prefix) => inner.List(prefix);

        public bool Exists(string key) => inner.Exists(key);
    }
}
