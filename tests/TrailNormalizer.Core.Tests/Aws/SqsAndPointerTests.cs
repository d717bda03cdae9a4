using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sqs;
using TrailNormalizer.Core.Sources;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Aws;

public class SqsAndPointerTests
{
    private const string S3Body = """{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"awsRegion\":\"eu-west-1\",\"s3\":{\"bucket\":{\"name\":\"logs\"},\"object\":{\"key\":\"a.json\"}}}]}""";

    private static string SqsEvent(params (string Id, string Body)[] messages) =>
        "{\"Records\":[" + string.Join(",", messages.Select(m =>
            $$$"""{"messageId":"{{{m.Id}}}","body":"{{{m.Body}}}","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:111122223333:q","awsRegion":"eu-west-1","attributes":{"SentTimestamp":"1771056010000"}}""")) + "]}";

    /// <summary>An object source that fails like a store outage for one key.</summary>
    private sealed class FailingSource : IObjectSource
    {
        public Stream? Open(string bucket, string key, out string? missingReason) => throw new IOException("S3 unavailable");
    }

    [Fact]
    public void Batch_processor_reports_only_the_message_whose_routing_threw()
    {
        var options = new RecordHandlerOptions { ObjectSource = new FailingSource() };
        var router = new RecordRouter(InputLimits.Default, FixedTime.Default, RecordHandlers.Default(options));
        using var document = JsonDocument.Parse(SqsEvent(("m-1", "plain text"), ("m-2", S3Body), ("m-3", "more text")));
        var sink = new CollectingSink();

        var failures = SqsBatchProcessor.Process(document.RootElement, router, sink);

        failures.Select(f => f.MessageId).Should().Equal("m-2");
        failures[0].Error.Should().BeOfType<IOException>();
        sink.Events.Where(e => e.Uid.StartsWith("m-", StringComparison.Ordinal)).Select(e => e.Uid).Should().Equal("m-1", "m-3");

        // m-2's S3 notification is itself an object event, emitted before its pointer failed (emitted again, same uid, on redelivery).
        sink.Events.Should().HaveCount(3);
        sink.Events[1].ClassUid.Should().Be(6003);
        System.Text.Encoding.UTF8.GetString(SqsBatchProcessor.BatchResponse(failures))
            .Should().Be("""{"batchItemFailures":[{"itemIdentifier":"m-2"}]}""");
    }

    private static string CloudTrailBody(string id, string account) =>
        $$$"""{\"version\":\"0\",\"id\":\"{{{id}}}\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"account\":\"{{{account}}}\",\"time\":\"2026-02-14T08:00:10Z\",\"region\":\"eu-west-1\",\"resources\":[],\"detail\":{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":\"{{{account}}}\",\"userName\":\"alice\"},\"eventTime\":\"2026-02-14T08:00:10Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"PutBucketPolicy\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"198.51.100.7\",\"eventID\":\"{{{id}}}\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"{{{account}}}\"}}""";

    private static (IReadOnlyList<SqsMessageFailure> Failures, MemoryEvidenceStore Store) ProcessAndStore(Func<string, bool> failPut, params (string Id, string Body)[] messages)
    {
        var store = new MemoryEvidenceStore { FailPut = failPut };
        var router = new RecordRouter(InputLimits.Default, FixedTime.Default, RecordHandlers.Default(new RecordHandlerOptions()));
        using var writer = new EvidenceWriter(store, FixedTime.Default) { TrackOwners = true };
        using var document = JsonDocument.Parse(SqsEvent(messages));
        return (SqsBatchProcessor.ProcessAndStore(document.RootElement, router, writer, writer), store);
    }

    [Fact]
    public void A_batch_that_cannot_be_stored_fails_exactly_the_messages_that_contributed_to_it()
    {
        var (failures, store) = ProcessAndStore(
            key => key.Contains("account=222233334444", StringComparison.Ordinal),
            ("m-1", CloudTrailBody("e-1", "111122223333")), ("m-2", CloudTrailBody("e-2", "222233334444")),
            ("m-3", CloudTrailBody("e-3", "111122223333")), ("m-4", CloudTrailBody("e-4", "222233334444")));

        failures.Select(f => f.MessageId).Should().BeEquivalentTo("m-2", "m-4");
        failures.Should().OnlyContain(f => f.Error.Message.Contains("simulated", StringComparison.Ordinal));
        store.Keys.Should().Contain(k => k.Contains("account=111122223333", StringComparison.Ordinal) && k.EndsWith(".manifest.json", StringComparison.Ordinal))
            .And.NotContain(k => k.Contains("account=222233334444", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quarantine_batch_that_cannot_be_stored_fails_the_quarantined_message()
    {
        var (failures, store) = ProcessAndStore(
            key => key.StartsWith("quarantine/", StringComparison.Ordinal),
            ("m-1", CloudTrailBody("e-1", "111122223333")), ("m-2", S3Body));

        failures.Select(f => f.MessageId).Should().Equal("m-2");
        store.Keys.Should().Contain(k => k.StartsWith("events/", StringComparison.Ordinal));
    }

    [Fact]
    public void When_nothing_can_be_stored_every_message_fails_and_when_everything_is_stored_none_does()
    {
        var messages = new[] { ("m-1", CloudTrailBody("e-1", "111122223333")), ("m-2", "plain text") };

        ProcessAndStore(_ => true, messages).Failures.Select(f => f.MessageId).Should().BeEquivalentTo("m-1", "m-2");
        var (failures, store) = ProcessAndStore(_ => false, messages);
        failures.Should().BeEmpty();
        var report = EvidenceVerifier.Verify(store);
        report.Intact.Should().BeTrue();
        report.Events.Should().Be(2);
    }

    [Fact]
    public void Batch_processor_does_not_fail_quarantined_messages()
    {
        var router = new RecordRouter(InputLimits.Default, FixedTime.Default, RecordHandlers.Default(new RecordHandlerOptions()));
        using var document = JsonDocument.Parse(SqsEvent(("m-1", S3Body)));
        var sink = new CollectingSink();

        SqsBatchProcessor.Process(document.RootElement, router, sink).Should().BeEmpty();
        sink.Quarantine.Should().ContainSingle().Which.Reason.Should().StartWith("unresolved pointer s3://logs/a.json:");
        sink.Quarantine[0].Source.Should().Contain("#sqs:m-1");
    }

    [Fact]
    public void A_plain_text_body_becomes_a_base_event_of_the_message()
    {
        var result = AwsRun.Text(SqsEvent(("m-9", "hello")), new RecordHandlerOptions());

        result.Events.Should().ContainSingle();
        result.Events[0].ClassUid.Should().Be(0);
        result.Events[0].Uid.Should().Be("m-9");
        result.EventTexts.Single().Should().Contain("\"body\":\"hello\"").And.Contain("\"name\":\"SQS\"");
    }

    [Theory]
    [InlineData("logs", "../outside.json")]
    [InlineData("logs", "a/../../outside.json")]
    [InlineData("..", "x.json")]
    [InlineData("logs", "/etc/passwd")]
    public void The_mirror_refuses_names_that_leave_its_folder(string bucket, string key)
    {
        var mirror = new MirrorObjectSource(Path.GetTempPath());

        mirror.Resolve(bucket, key, out string? problem).Should().BeNull();
        problem.Should().NotBeNull();
    }

    [Fact]
    public void A_pointer_message_naming_too_many_objects_is_quarantined()
    {
        string keys = string.Join(",", Enumerable.Range(0, 5).Select(i => $"\"k{i}.json\""));
        var result = AwsRun.Text($$"""{"s3Bucket":"logs","s3ObjectKey":[{{keys}}]}""", new RecordHandlerOptions { MaxObjectsPerPointer = 3 });

        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("more than the limit of 3");
    }
}
