using TrailNormalizer.Aws.Tests.Storage;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// SQS delivers at least once. The published bootstrap against radosgw: the same batch delivered again, to two instances
/// at once, and after a partial failure, leaves every record stored once, because a redelivered message derives the
/// batch keys its first delivery used and meets that copy at the create-only write.
/// </summary>
public sealed class RedeliveryEndToEndTests : IDisposable
{
    private const string Log = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/111122223333_CloudTrail_eu-west-1_20260214T0805Z_r.json.gz";
    private static readonly string[] Accounts = ["111111111111", "222222222222", "333333333333"];

    private readonly LambdaWorld _world = new();
    private readonly FakeRuntimeApi _api = new();
    private readonly FakeRuntimeApi _secondApi = new();
    private readonly CuttableTcpProxy _proxy = new(new Uri(Radosgw.Endpoint));
    private readonly string _folder = Directory.CreateTempSubdirectory("trailnorm-e2e-").FullName;

    public void Dispose()
    {
        _world.Dispose();
        _api.Dispose();
        _secondApi.Dispose();
        _proxy.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static (string, string)[] Messages() =>
        Accounts.Select(a => ("m-" + a, AwsBodies.ApiCall("evt-" + a).Replace("111122223333", a, StringComparison.Ordinal))).ToArray();

    private List<string> BatchObjects() => _world.EvidenceKeys().Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task The_same_batch_delivered_again_and_to_two_instances_at_once_is_stored_once()
    {
        _world.PutSourceObject(Log, Gzip.Compress(AwsBodies.CloudTrailLog("ct-r", 3)));
        var first = await _world.StartBootstrap(_api, _world.Environment("sqs", _api));
        var second = await _world.StartBootstrap(_secondApi, _world.Environment("sqs", _secondApi));
        byte[] batch = SqsEvents.Build([.. Messages(), ("m-s3", AwsBodies.S3ObjectCreated(_world.SourceBucket, Log)), ("m-text", "Nightly job finished")]);

        var answer = await _api.Invoke("req-1", batch);
        var batches = BatchObjects();
        var again = await Task.WhenAll(_api.Invoke("req-2", batch), _secondApi.Invoke("req-3", batch));

        SqsEvents.FailedIds(answer.Body).Should().BeEmpty(first.Output);
        again.Should().OnlyContain(a => a.Kind == "response" && SqsEvents.FailedIds(a.Body).Count == 0, second.Output);
        BatchObjects().Should().BeEquivalentTo(batches, "the redeliveries met every batch the first delivery stored");
        var store = _world.Download(_folder);
        var uids = EvidenceAssertions.EventUids(store);
        uids.Should().OnlyHaveUniqueItems().And.Contain(["evt-111111111111", "evt-222222222222", "evt-333333333333", "ct-r-0000", "ct-r-0001", "ct-r-0002", "m-text"]);
        var report = EvidenceVerifier.Verify(store);
        report.Intact.Should().BeTrue(string.Join("\n", report.Findings));
        report.DuplicateDeliveries.Should().Be(0);
        first.Output.Should().Contain("\"batchesAlreadyStored\":");
        store.List("inputs/").Should().HaveCount(3 * 5, "each of the five messages is recorded by each of its three deliveries");
    }

    [Fact]
    public async Task A_partial_failure_then_the_redelivery_stores_every_record_once()
    {
        var bootstrap = await _world.StartBootstrap(_api, _world.Environment("sqs", _api, _proxy.Endpoint));
        // The first message is stored and recorded (HEAD, PUT object, HEAD, PUT manifest, PUT record); then the store goes dark.
        _proxy.CutAfterRequests(5);
        byte[] batch = SqsEvents.Build(Messages());

        var answer = await _api.Invoke("req-outage", batch, TimeSpan.FromSeconds(8));
        var failed = SqsEvents.FailedIds(answer.Body);
        _proxy.Restore();
        var redelivery = await _api.Invoke("req-redelivery", SqsEvents.Build(Messages().Where(m => failed.Contains(m.Item1)).ToArray()));

        answer.Kind.Should().Be("response", bootstrap.Output);
        failed.Should().BeEquivalentTo(["m-222222222222", "m-333333333333"]);
        SqsEvents.FailedIds(redelivery.Body).Should().BeEmpty(bootstrap.Output);
        var store = _world.Download(_folder);
        EvidenceAssertions.EventUids(store).Should().BeEquivalentTo(["evt-111111111111", "evt-222222222222", "evt-333333333333"], "every record once");
        EvidenceVerifier.Verify(store).Intact.Should().BeTrue();
    }
}
