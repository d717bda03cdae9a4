using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class SealFunctionTests
{
    [Fact]
    public void Seal_writes_a_checkpoint_over_the_stored_batches_and_the_log_verifies()
    {
        using var handler = new TestHandler();
        TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(TestHandler.Fixture("eventgrid/batch.ndjson").Split('\n')[0], asString: true))
            .StatusCode.Should().Be(200);

        var first = TestHandler.Invoke(handler.Seal.Invoke, """{"Data":{"timer":{"Schedule":{},"IsPastDue":false}},"Metadata":{}}""");
        var second = TestHandler.Invoke(handler.Seal.Invoke, """{"Data":{"timer":{}}}""");

        first.StatusCode.Should().Be(200);
        first.Logs[0].Should().StartWith("Seal: sealed checkpoint 0: appended 1 batches");
        second.Logs[0].Should().StartWith("Seal: nothing to seal");
        handler.LocalStore.Exists(SealRecord.CheckpointKey(0)).Should().BeTrue();
        var log = EvidenceLog.Read(handler.LocalStore);
        log.Seals.Should().ContainSingle();
    }

    [Fact]
    public void Seal_without_a_signer_fails_the_invocation_with_the_reason()
    {
        using var handler = new TestHandler();
        var services = handler.Services;
        var seal = new TrailNormalizer.Azure.Functions.SealFunction(new TrailNormalizer.Azure.Functions.HandlerServices
        {
            Settings = services.Settings,
            Store = services.Store,
            SignerFactory = () => throw new InvalidOperationException("Seal needs TRAILNORM_SIGNING_KEY_URL"),
        });
        TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(TestHandler.Fixture("eventgrid/resources-write-success.json"), asString: false));

        var response = TestHandler.Invoke(seal.Invoke, """{"Data":{"timer":{}}}""");

        response.StatusCode.Should().Be(500);
        response.Logs[0].Should().Contain("TRAILNORM_SIGNING_KEY_URL");
        handler.LocalStore.List(EvidenceKeys.EventsPrefix).Should().NotBeEmpty();
    }
}
