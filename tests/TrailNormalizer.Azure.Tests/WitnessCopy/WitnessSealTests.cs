using System.Text;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Azure.Tests.Forwarding;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Azure.Tests.Storage;
using TrailNormalizer.Azure.WitnessCopy;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure.Tests.WitnessCopy;

/// <summary>The Seal function with a witness container in Azurite: every checkpoint is copied there, and the copies catch a rollback.</summary>
public sealed class WitnessSealTests : IDisposable
{
    private readonly TestHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    [Fact]
    public void Each_seal_copies_its_checkpoint_to_the_witness_and_the_witness_then_detects_a_rollback()
    {
        var witness = new BlobEvidenceStore(Azurite.NewContainer(), worm: false, _ => { });
        var seal = new WitnessedSealFunction(_handler.Seal, _handler.Services, witness);

        Ingest(ResourceEvents.StorageAccountWritten(1));
        var first = TestHandler.Invoke(seal.Invoke, TestHandler.TimerInvocation());
        Ingest(ResourceEvents.StorageAccountWritten(2));
        var second = TestHandler.Invoke(seal.Invoke, TestHandler.TimerInvocation());

        first.StatusCode.Should().Be(200);
        second.StatusCode.Should().Be(200);
        witness.List(SealRecord.CheckpointsPrefix).Should().Equal(SealRecord.CheckpointKey(0), SealRecord.CheckpointKey(1));
        Text(witness, SealRecord.CheckpointKey(1)).Should().Be(Text(_handler.LocalStore, SealRecord.CheckpointKey(1)));
        Witness.Compare(_handler.LocalStore, witness, _handler.Signer.PublicKeySpki).Should().BeEmpty();

        // Someone with write access to the evidence rolls the newest seal back; the witness still holds it.
        foreach (string key in new[] { SealRecord.CheckpointKey(1), SealRecord.SealKey(1) })
        {
            string path = Path.Combine(_handler.Root, "evidence", key);
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
        }

        Witness.Compare(_handler.LocalStore, witness, _handler.Signer.PublicKeySpki)
            .Should().Contain(f => f.Kind == "rolled-back" && f.Key == SealRecord.CheckpointKey(1));
    }

    [Fact]
    public void A_witness_that_cannot_be_written_fails_the_invocation_but_never_the_seal_and_the_copy_is_made_next_run()
    {
        var missing = Azurite.Service().GetBlobContainerClient("t" + Guid.NewGuid().ToString("N"));
        var witness = new BlobEvidenceStore(missing, worm: false, _ => { });
        var seal = new WitnessedSealFunction(_handler.Seal, _handler.Services, witness);
        Ingest(ResourceEvents.StorageAccountWritten(1));

        var failed = TestHandler.Invoke(seal.Invoke, TestHandler.TimerInvocation());
        missing.Create();
        var copied = TestHandler.Invoke(seal.Invoke, TestHandler.TimerInvocation());

        failed.StatusCode.Should().Be(500);
        failed.Logs[0].Should().Contain("witness copy failed");
        _handler.LocalStore.Exists(SealRecord.CheckpointKey(0)).Should().BeTrue("the seal itself went through");
        copied.StatusCode.Should().Be(200);
        witness.List(SealRecord.CheckpointsPrefix).Should().Equal(SealRecord.CheckpointKey(0));
    }

    [Fact]
    public void A_witness_holding_a_different_checkpoint_is_reported_as_a_fork()
    {
        var witness = new BlobEvidenceStore(Azurite.NewContainer(), worm: false, _ => { });
        var seal = new WitnessedSealFunction(_handler.Seal, _handler.Services, witness);
        Ingest(ResourceEvents.StorageAccountWritten(1));
        TestHandler.Invoke(_handler.Seal.Invoke, TestHandler.TimerInvocation()).StatusCode.Should().Be(200);
        witness.Put(SealRecord.CheckpointKey(0), Encoding.UTF8.GetBytes("another log\n0\n"), DateTimeOffset.UtcNow.AddDays(1));
        Ingest(ResourceEvents.StorageAccountWritten(2));

        var response = TestHandler.Invoke(seal.Invoke, TestHandler.TimerInvocation());

        response.StatusCode.Should().Be(200, "checkpoint 0 is already in the witness, so only checkpoint 1 is copied");
        witness.List(SealRecord.CheckpointsPrefix).Should().Equal(SealRecord.CheckpointKey(0), SealRecord.CheckpointKey(1));
        Witness.Compare(_handler.LocalStore, witness, _handler.Signer.PublicKeySpki)
            .Should().Contain(f => f.Kind == "forked" && f.Key == SealRecord.CheckpointKey(0));
    }

    [Fact]
    public void Without_a_witness_the_seal_is_the_plain_seal()
    {
        var seal = new WitnessedSealFunction(new SealFunction(_handler.Services), _handler.Services, witness: null);
        Ingest(ResourceEvents.StorageAccountWritten(1));

        var response = TestHandler.Invoke(seal.Invoke, TestHandler.TimerInvocation());

        response.StatusCode.Should().Be(200);
        response.Logs[0].Should().StartWith("Seal: sealed checkpoint 0");
    }

    private void Ingest(string e) =>
        TestHandler.Invoke(_handler.EventGrid.Invoke, TestHandler.EventGridInvocation(e, asString: false)).StatusCode.Should().Be(200);

    private static string Text(TrailNormalizer.Core.Evidence.IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
