using System.Text;
using Azure.Storage.Blobs.Specialized;
using TrailNormalizer.Azure.Tests.Follow;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>The published handler follows an append blob Azure Monitor keeps writing after BlobCreated.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class FollowEndToEndTests
{
    [Fact]
    public void Records_appended_after_BlobCreated_are_stored_by_Follow_and_the_sealed_evidence_verifies()
    {
        using var handler = new EndToEndHandler();
        string marker = Guid.NewGuid().ToString("N");
        string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(i => FollowWorld.RecordLine(marker, i)));
        var now = DateTimeOffset.UtcNow;
        var logs = Azurite.Service.GetBlobContainerClient("insights-activity-logs");
        logs.CreateIfNotExists();
        var blob = logs.GetAppendBlobClient($"resourceId=/SUBSCRIPTIONS/{marker}/y={now:yyyy}/m={now:MM}/d={now:dd}/h={now:HH}/m=00/PT1H.json");
        blob.Create();
        blob.AppendBlock(new MemoryStream(Encoding.UTF8.GetBytes(Lines(1, 3))));

        var created = handler.Process.Invoke("EventGrid", TestHandler.EventGridInvocation(FollowFunctionTests.BlobCreated(blob.Uri), asString: true));
        blob.AppendBlock(new MemoryStream(Encoding.UTF8.GetBytes(Lines(4, 4))));
        var follow = handler.Process.Invoke("Follow", """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""");
        var seal = handler.Process.Invoke("Seal", """{"Data":{"timer":{}},"Metadata":{}}""");

        created.Status.Should().Be(200, created.Body + handler.Process.Output);
        follow.Status.Should().Be(200, follow.Body + handler.Process.Output);
        seal.Status.Should().Be(200, seal.Body + handler.Process.Output);
        handler.Process.Output.Should().Contain("trailnorm-handler info: Follow: ");
        FollowWorld.LinesOf(handler.Stored(), marker).Should().BeEquivalentTo([1, 2, 3, 4, 5, 6, 7]);
        var evidence = handler.Download();
        evidence.List(EvidenceKeys.CursorsPrefix).Should().NotBeEmpty();
        var report = EvidenceVerifier.Verify(evidence, handler.PublicKeySpki);
        var cli = TrailnormVerify.Run(evidence.Root, handler.PublicKeySpki);
        cli.ExitCode.Should().Be(0, cli.Output);
        report.Findings.Should().BeEmpty();
        report.Intact.Should().BeTrue();
        report.Checkpoints.Should().Be(1);
    }
}
