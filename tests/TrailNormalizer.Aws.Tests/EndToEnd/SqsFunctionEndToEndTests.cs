using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// The published bootstrap as the SQS function: a loopback Runtime API hands it a batch with every body kind, and the
/// evidence lands, locked, in radosgw; the answer names exactly the message whose object could not be read.
/// </summary>
public sealed class SqsFunctionEndToEndTests : IDisposable
{
    private const string LogA = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/111122223333_CloudTrail_eu-west-1_20260214T0805Z_a.json.gz";
    private const string LogB = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/111122223333_CloudTrail_eu-west-1_20260214T0810Z_b.json.gz";
    private const string Missing = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/missing.json.gz";
    private const string Broken = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/broken.json.gz";

    private readonly LambdaWorld _world = new();
    private readonly FakeRuntimeApi _api = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("trailnorm-e2e-").FullName;

    public void Dispose()
    {
        _world.Dispose();
        _api.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_batch_of_every_body_kind_becomes_locked_evidence_and_only_the_unreadable_pointer_fails()
    {
        _world.PutSourceObject(LogA, Gzip.Compress(AwsBodies.CloudTrailLog("ct-a", 3)));
        _world.PutSourceObject(LogB, Gzip.Compress(AwsBodies.CloudTrailLog("ct-b", 2)));
        _world.PutSourceObject(Broken, Gzip.Compress("{\"Records\": [ {\"eventVersion\": "));
        var bootstrap = await _world.StartBootstrap(_api, _world.Environment("sqs", _api));

        var answer = await _api.Invoke("req-sqs-1", SqsEvents.Build(
            ("m-api", AwsBodies.ApiCall("e2e-api")),
            ("m-signin", AwsBodies.ConsoleSignIn("e2e-signin")),
            ("m-service", AwsBodies.ServiceEvent("e2e-service")),
            ("m-sns", AwsBodies.SignedSnsEnvelope()),
            ("m-sns-altered", AwsBodies.AlteredSnsEnvelope()),
            ("m-s3", AwsBodies.S3ObjectCreated(_world.SourceBucket, LogA)),
            ("m-notice", AwsBodies.CloudTrailFileNotice(_world.SourceBucket, LogB, Missing)),
            ("m-foreign-bucket", AwsBodies.S3ObjectCreated("someone-elses-bucket", LogA)),
            ("m-broken-object", AwsBodies.S3ObjectCreated(_world.SourceBucket, Broken)),
            ("m-malformed", "{\"Records\": [ {\"eventVersion\": "),
            ("m-text", "Nightly job finished"),
            ("m-unreadable", AwsBodies.S3ObjectCreated(_world.MissingSourceBucket, LogA))));

        answer.Kind.Should().Be("response", bootstrap.Output);
        SqsEvents.FailedIds(answer.Body).Should().Equal("m-unreadable");

        var store = _world.Download(_folder);
        EvidenceAssertions.EventUids(store).Should().Contain(
            ["e2e-api", "e2e-signin", "e2e-service", "9d2f6c1e-7a4b-4e0d-8f3a-6b5c4d3e2f10", "ct-a-0000", "ct-a-0001", "ct-a-0002", "ct-b-0000", "ct-b-0001"]);
        var reasons = EvidenceAssertions.QuarantineReasons(store);
        reasons.Should().Contain(r => r.Contains("signature does not verify", StringComparison.Ordinal));
        reasons.Should().Contain(r => r.Contains("unresolved pointer s3://someone-elses-bucket/", StringComparison.Ordinal) && r.Contains("bucket not allowed", StringComparison.Ordinal));
        reasons.Should().Contain(r => r.Contains($"unresolved pointer s3://{_world.SourceBucket}/{Missing}: no such object", StringComparison.Ordinal));
        EvidenceLines.Quarantine(store).Should().Contain(q => q.GetProperty("source").GetString()!.Contains(Broken, StringComparison.Ordinal)
            && q.GetProperty("reason").GetString()!.StartsWith("malformed JSON", StringComparison.Ordinal));
        EvidenceVerifier.Verify(store).Intact.Should().BeTrue();

        var keys = _world.EvidenceKeys();
        keys.Should().Contain(k => k.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal))
            .And.Contain(k => k.StartsWith(EvidenceKeys.QuarantinePrefix, StringComparison.Ordinal));
        foreach (string key in keys)
        {
            await EvidenceAssertions.ShouldBeLocked(_world, key);
        }

        bootstrap.Output.Should().Contain("\"requestId\":\"req-sqs-1\"").And.Contain("\"failedMessages\":1")
            .And.NotContain(System.Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")!).And.NotContain("Nightly job finished");
    }

    [Fact]
    public async Task A_poisoned_message_is_quarantined_once_and_the_batch_succeeds()
    {
        await _world.StartBootstrap(_api, _world.Environment("sqs", _api));
        string poisoned = AwsBodies.ApiCall("e2e-poisoned").Replace("\"type\":\"AssumedRole\",", "\"type\":\"AssumedRole\",\"userName\":\"ops\\udc00\",", StringComparison.Ordinal);
        poisoned.Should().Contain("\\udc00");
        string deep = AwsBodies.ApiCall("e2e-deep").Replace("\"requestParameters\":{}", "\"requestParameters\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), StringComparison.Ordinal);

        var batch = SqsEvents.Build(("m-good-1", AwsBodies.ApiCall("e2e-good-1")), ("m-poisoned", poisoned), ("m-deep", deep), ("m-good-2", AwsBodies.ApiCall("e2e-good-2")));
        var answer = await _api.Invoke("req-poison", batch);
        var again = await _api.Invoke("req-poison-2", SqsEvents.Build(("m-good-3", AwsBodies.ApiCall("e2e-good-3"))));

        SqsEvents.FailedIds(answer.Body).Should().BeEmpty("a record's fault is quarantined, never retried into the dead-letter queue");
        SqsEvents.FailedIds(again.Body).Should().BeEmpty();
        var store = _world.Download(_folder);
        EvidenceAssertions.EventUids(store).Should().BeEquivalentTo(["e2e-good-1", "e2e-deep", "e2e-good-2", "e2e-good-3"], "each record is stored once");
        var quarantine = EvidenceLines.Quarantine(store);
        var item = quarantine.Should().ContainSingle().Subject;
        item.GetProperty("reason").GetString().Should().Contain("lone UTF-16 surrogate");
        item.GetProperty("source").GetString().Should().Contain("m-poisoned");
        EvidenceVerifier.Verify(store).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task The_same_process_serves_invocation_after_invocation()
    {
        await _world.StartBootstrap(_api, _world.Environment("sqs", _api));

        var first = await _api.Invoke("req-1", SqsEvents.Build(("m1", AwsBodies.ApiCall("e2e-first"))));
        var second = await _api.Invoke("req-2", SqsEvents.Build(("m2", AwsBodies.ApiCall("e2e-second"))));
        var broken = await _api.Invoke("req-3", "this is not an SQS event"u8.ToArray());
        var third = await _api.Invoke("req-4", SqsEvents.Build(("m3", AwsBodies.ApiCall("e2e-third"))));

        SqsEvents.FailedIds(first.Body).Should().BeEmpty();
        SqsEvents.FailedIds(second.Body).Should().BeEmpty();
        broken.Kind.Should().Be("error");
        SqsEvents.FailedIds(third.Body).Should().BeEmpty();
        EvidenceAssertions.EventUids(_world.Download(_folder)).Should().BeEquivalentTo(["e2e-first", "e2e-second", "e2e-third"]);
    }
}
