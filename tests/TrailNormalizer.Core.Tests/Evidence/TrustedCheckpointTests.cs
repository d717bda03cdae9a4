using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>Kept checkpoints, signing keys and witness copies, on the in-memory store.</summary>
public sealed class TrustedCheckpointTests : IDisposable
{
    private const string Origin = "test.trailnormalizer/log";
    private readonly MemoryEvidenceStore _store = new();
    private readonly TestSigner _signer = new();
    private readonly TestSigner _other = new();
    private int _written;

    public void Dispose()
    {
        _signer.Dispose();
        _other.Dispose();
    }

    private void WriteAndSeal(int events, ICheckpointSigner? signer = null)
    {
        using (var writer = new EvidenceWriter(_store, TimeProvider.System))
        {
            foreach (var e in Normalize.Text(CloudTrailSamples.LogFile(events + _written)).Events.Skip(_written))
            {
                writer.Normalized(e);
            }

            writer.Flush();
        }

        _written += events;
        new Sealer(_store, signer ?? _signer, Origin, TimeProvider.System).Seal();
    }

    private TrustedCheckpoint Keep(string name) => new(name, EvidenceLog.Read(_store).Checkpoints[^1]!);

    [Fact]
    public void A_log_extending_the_kept_checkpoint_has_no_findings()
    {
        WriteAndSeal(3);
        var kept = Keep("q1");
        WriteAndSeal(4);

        TrustedCheckpoints.Check(_store, _signer.PublicKeySpki, [kept]).Should().BeEmpty();
        EvidenceVerifier.Verify(_store, _signer.PublicKeySpki, [kept]).Intact.Should().BeTrue();
    }

    [Fact]
    public void A_kept_checkpoint_larger_than_the_log_is_rolled_back_and_one_from_another_history_is_forked()
    {
        WriteAndSeal(3);
        var other = new MemoryEvidenceStore();
        using (var writer = new EvidenceWriter(other, TimeProvider.System))
        {
            foreach (var e in Normalize.Text(CloudTrailSamples.LogFile(5)).Events.Skip(2))
            {
                writer.Normalized(e);
            }

            writer.Flush();
        }

        new Sealer(other, _signer, Origin, TimeProvider.System).Seal();
        var foreign = new TrustedCheckpoint("foreign", EvidenceLog.Read(other).Checkpoints[^1]!);
        long size = EvidenceLog.Read(_store).Seals[^1].TreeSize;

        var findings = TrustedCheckpoints.Check(_store, _signer.PublicKeySpki, [foreign]);

        findings.Should().ContainSingle().Which.Kind.Should().Be(Checkpoint.Parse(SignedNote.UnverifiedText(foreign.Note)).Size > size ? "rolled-back" : "forked");
    }

    [Fact]
    public void One_kept_checkpoint_gets_verify_s_finding_or_a_consistency_proof_that_verifies_offline()
    {
        WriteAndSeal(3);
        var kept = Keep("q1");
        WriteAndSeal(4);
        var newest = Keep("q2");

        var extended = TrustedCheckpoints.Check(_store, _signer.PublicKeySpki, kept);

        extended.Finding.Should().BeNull();
        extended.Proof!.LatestCheckpoint.Should().Be(newest.Note);
        extended.Proof.Verify(_signer.PublicKeySpki).Should().BeNull();
        (extended.Proof with { Proof = extended.Proof.Proof.Select(p => new string('0', p.Length)).ToList() }).Verify(_signer.PublicKeySpki)
            .Should().Contain("does not extend the kept checkpoint");

        var rolledBack = new MemoryEvidenceStore();
        foreach (string key in _store.Keys.Where(k => k != SealRecord.SealKey(1) && k != SealRecord.CheckpointKey(1)))
        {
            rolledBack.Put(key, EvidenceLog.ReadAll(_store, key), DateTimeOffset.UtcNow);
        }

        var single = TrustedCheckpoints.Check(rolledBack, _signer.PublicKeySpki, newest);
        single.Proof.Should().BeNull();
        single.Finding!.ToString().Should().StartWith("rolled-back: q2: the kept checkpoint has");
        TrustedCheckpoints.Check(rolledBack, _signer.PublicKeySpki, [kept, newest]).Should().Equal(single.Finding);
    }

    [Fact]
    public void A_kept_checkpoint_signed_by_another_key_is_a_bad_signature()
    {
        WriteAndSeal(2);
        var forged = new TrustedCheckpoint("forged", SignedNote.Sign(SignedNote.UnverifiedText(EvidenceLog.Read(_store).Checkpoints[^1]!), Origin, _other));

        TrustedCheckpoints.Check(_store, _signer.PublicKeySpki, [forged]).Should().ContainSingle().Which.Kind.Should().Be("bad-signature");
    }

    [Fact]
    public void The_sealer_refuses_another_key_before_writing_and_follows_a_rotation()
    {
        WriteAndSeal(2);
        using (var writer = new EvidenceWriter(_store, TimeProvider.System))
        {
            writer.Normalized(Normalize.Text(CloudTrailSamples.LogFile(9)).Events[8]);
            writer.Flush();
        }

        var keys = _store.Keys.ToList();
        var refuse = () => new Sealer(_store, _other, Origin, TimeProvider.System).Seal();
        refuse.Should().Throw<WrongSigningKeyException>();
        _store.Keys.Should().Equal(keys);

        new Sealer(_store, _other, Origin, TimeProvider.System).RotateFrom(_signer).Sequence.Should().Be(1);
        _store.Exists(KeyRotation.Key(1)).Should().BeTrue();
        var report = EvidenceVerifier.Verify(_store, _signer.PublicKeySpki);
        report.Intact.Should().BeTrue(string.Join('\n', report.Findings));
    }

    [Fact]
    public void Witness_copies_catch_a_deleted_checkpoint()
    {
        var witness = new MemoryEvidenceStore();
        WriteAndSeal(2);
        WriteAndSeal(2);
        Witness.Sync(_store, witness, TimeProvider.System).Should().Be(2);
        Witness.Sync(_store, witness, TimeProvider.System).Should().Be(0);

        var shortened = new MemoryEvidenceStore();
        foreach (string key in _store.Keys.Where(k => k != SealRecord.SealKey(1) && k != SealRecord.CheckpointKey(1)))
        {
            shortened.Put(key, EvidenceLog.ReadAll(_store, key), DateTimeOffset.UtcNow);
        }

        Witness.Compare(shortened, witness, _signer.PublicKeySpki).Select(f => f.Kind).Should().Contain("rolled-back");
        Witness.Compare(_store, witness, _signer.PublicKeySpki).Should().BeEmpty();
    }
}
