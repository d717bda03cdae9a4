using TrailNormalizer.Aws.Tests.Storage;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// The S3 endpoint goes dark in the middle of storing a batch (a proxy between the bootstrap and radosgw cuts after an
/// exact number of requests): the messages whose evidence was not stored are reported failed, and every message that
/// is acknowledged has its evidence in the bucket.
/// </summary>
public sealed class StorageOutageEndToEndTests : IDisposable
{
    private static readonly string[] Accounts = ["111111111111", "222222222222", "333333333333", "444444444444"];

    private readonly LambdaWorld _world = new();
    private readonly FakeRuntimeApi _api = new();
    private readonly CuttableTcpProxy _proxy = new(new Uri(Radosgw.Endpoint));
    private readonly string _folder = Directory.CreateTempSubdirectory("trailnorm-e2e-").FullName;

    public void Dispose()
    {
        _world.Dispose();
        _api.Dispose();
        _proxy.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Messages_whose_batches_were_not_stored_are_failed_and_nothing_is_acknowledged_without_evidence()
    {
        var bootstrap = await _world.StartBootstrap(_api, _world.Environment("sqs", _api, _proxy.Endpoint));
        // One message per account, each a delivery of its own: its event batch is stored as its object and then its manifest
        // (each asked for first: HEAD, PUT, HEAD, PUT), then the delivery is recorded (PUT). Two messages get through; then
        // the endpoint refuses everything until the invocation's deadline.
        _proxy.CutAfterRequests(2 * 5);
        var messages = Accounts.Select(a => ("m-" + a, AwsBodies.ApiCall("evt-" + a).Replace("111122223333", a, StringComparison.Ordinal))).ToArray();

        var answer = await _api.Invoke("req-outage", SqsEvents.Build(messages), TimeSpan.FromSeconds(8));

        answer.Kind.Should().Be("response", bootstrap.Output);
        var failed = SqsEvents.FailedIds(answer.Body);
        var acknowledged = messages.Select(m => m.Item1).Except(failed).ToList();
        failed.Should().HaveCount(2, "two of the four batches could not be stored");
        _proxy.RequestLines.Should().HaveCount(2 + 10).And.Contain(l => l.StartsWith("PUT ", StringComparison.Ordinal));

        var stored = EvidenceAssertions.EventUids(_world.Download(_folder));
        stored.Should().BeEquivalentTo(acknowledged.Select(id => "evt-" + id[2..]), "every acknowledged message has its evidence, and only those");
        bootstrap.Output.Should().Contain("\"batchesFailed\":2");
    }
}
