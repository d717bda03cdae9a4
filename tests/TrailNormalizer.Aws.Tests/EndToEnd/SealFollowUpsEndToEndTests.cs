using System.Text.Json;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Aws.Tests.FollowUps;
using TrailNormalizer.Aws.Tests.Storage;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// The published bootstrap as the seal function with both follow-ups on: after the SQS function stored a StopLogging
/// event (escalated to a detection finding), one seal run copies the checkpoint to a witness bucket on radosgw and
/// publishes the stored finding to a loopback SNS; a second run publishes nothing again.
/// </summary>
public sealed class SealFollowUpsEndToEndTests : IDisposable
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:trailnorm-findings";
    private readonly LambdaWorld _world = new();
    private readonly FakeRuntimeApi _sqsApi = new();
    private readonly FakeRuntimeApi _sealApi = new();
    private readonly FakeSns _sns = new();

    public void Dispose()
    {
        _world.Dispose();
        _sqsApi.Dispose();
        _sealApi.Dispose();
        _sns.Dispose();
    }

    [Fact]
    public async Task A_seal_run_copies_the_checkpoint_to_the_witness_and_publishes_the_stored_finding_once()
    {
        string witnessBucket = Radosgw.NewBucket(_world.S3, objectLock: true);
        await _world.StartBootstrap(_sqsApi, _world.Environment("sqs", _sqsApi));
        var written = await _sqsApi.Invoke("req-sqs", SqsEvents.Build(("m1", StopLogging("e2e-stop-1"))));
        SqsEvents.FailedIds(written.Body).Should().BeEmpty();

        var environment = _world.Environment("seal", _sealApi);
        environment["TRAILNORM_WITNESS_BUCKET"] = witnessBucket;
        environment["TRAILNORM_WITNESS_PREFIX"] = "witness/";
        environment["TRAILNORM_FINDINGS_TOPIC_ARN"] = Topic;
        environment["TRAILNORM_SNS_ENDPOINT"] = _sns.Endpoint.ToString();
        var sealer = await _world.StartBootstrap(_sealApi, environment);
        var first = await _sealApi.Invoke("req-seal-1", "{}"u8.ToArray());
        var second = await _sealApi.Invoke("req-seal-2", "{}"u8.ToArray());

        first.Kind.Should().Be("response", sealer.Output);
        second.Kind.Should().Be("response", sealer.Output);
        var witness = new S3EvidenceStore(_world.S3, new S3EvidenceStoreOptions(witnessBucket, "witness/"), Radosgw.Retry());
        witness.List(SealRecord.CheckpointsPrefix).Should().Equal(SealRecord.CheckpointKey(0));
        var evidence = new S3EvidenceStore(_world.S3, new S3EvidenceStoreOptions(_world.EvidenceBucket, _world.EvidencePrefix), Radosgw.Retry());
        Witness.Compare(evidence, witness, _world.SigningKey.ExportSubjectPublicKeyInfo()).Should().BeEmpty();

        var published = _sns.Published.Should().ContainSingle().Subject;
        published.Form["TopicArn"].Should().Be(Topic);
        published.Authorization.Should().StartWith("AWS4-HMAC-SHA256 Credential=").And.Contain("/us-east-1/sns/aws4_request");
        using var finding = JsonDocument.Parse(published.Message);
        finding.RootElement.GetProperty("class_uid").GetInt32().Should().Be(2004);
        finding.RootElement.GetProperty("metadata").GetProperty("correlation_uid").GetString().Should().Be("e2e-stop-1");
        published.Attribute("finding_uid").Should().Be(finding.RootElement.GetProperty("finding_info").GetProperty("uid").GetString());
        _world.EvidenceKeys().Should().Contain("cursors/sns-findings/000000000000.json");
        sealer.Output.Should().Contain("\"witnessed\":1").And.Contain("\"findingsPublished\":1");
    }

    private static string StopLogging(string eventId) =>
        $$$"""
        {"version":"0","id":"{{{Guid.NewGuid()}}}","detail-type":"AWS API Call via CloudTrail","source":"aws.cloudtrail","account":"123456789012",
         "time":"2026-06-01T10:00:05Z","region":"us-east-1","resources":[],
         "detail":{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAMALLORY","arn":"arn:aws:iam::123456789012:user/mallory",
          "accountId":"123456789012","userName":"mallory"},"eventTime":"2026-06-01T10:00:03Z","eventSource":"cloudtrail.amazonaws.com",
          "eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.30","userAgent":"aws-cli/2",
          "requestParameters":{"name":"org-trail"},"responseElements":null,"requestID":"{{{Guid.NewGuid()}}}","eventID":"{{{eventId}}}",
          "readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}}
        """;
}
