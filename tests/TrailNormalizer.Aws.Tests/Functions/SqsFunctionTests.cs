using System.Text.Json;
using TrailNormalizer.Aws.Functions;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Tests.Functions;

public sealed class SqsFunctionTests : IDisposable
{
    private const string TrailBucket = "trail-logs";
    private const string LogKey = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/111122223333_CloudTrail_eu-west-1_20260214T0805Z_a1b2c3.json.gz";
    private static readonly SigmaRuleSet Rules = BuiltInRules.Load();

    private readonly MemoryEvidenceStore _store = new();
    private readonly InMemoryObjectSource _objects = new();
    private readonly PemFolderCertificateSource _certificates = new(AwsBodies.SnsCertDirectory);
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 2, 14, 9, 0, 0, TimeSpan.Zero));

    public SqsFunctionTests()
    {
        _objects.Add(TrailBucket, LogKey, Gzip.Compress(AwsBodies.CloudTrailLog("ct", 3)));
    }

    public void Dispose() => _certificates.Dispose();

    private SqsFunction Handler(params string[] snsTopics) =>
        new(SqsRouting.Ingest(_store, SqsRouting.Options(_objects, _certificates, snsTopics.ToHashSet()), new RetentionPolicy(120), Rules, _time));

    private static InvocationContext Context() => new("req", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

    private static List<string> Uids(IEnumerable<JsonElement> events) =>
        events.Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()!).ToList();

    [Fact]
    public void A_batch_of_every_body_kind_is_stored_and_acknowledged()
    {
        byte[] sqsEvent = SqsEvents.Build(
            ("m-api", AwsBodies.ApiCall("evt-api")),
            ("m-signin", AwsBodies.ConsoleSignIn("evt-signin")),
            ("m-service", AwsBodies.ServiceEvent("evt-service")),
            ("m-sns", AwsBodies.SignedSnsEnvelope()),
            ("m-s3", AwsBodies.S3ObjectCreated(TrailBucket, LogKey)),
            ("m-notice", AwsBodies.CloudTrailFileNotice(TrailBucket, LogKey)),
            ("m-text", "Nightly job finished"),
            ("m-broken", "{\"Records\": [ {\"eventVersion\": "));

        var result = Handler(AwsBodies.SignedSnsTopic).Handle(sqsEvent, Context());

        SqsEvents.FailedIds(result.Response).Should().BeEmpty();
        var uids = Uids(EvidenceLines.Events(_store));
        uids.Should().Contain(["evt-api", "evt-signin", "evt-service", "9d2f6c1e-7a4b-4e0d-8f3a-6b5c4d3e2f10", "ct-0000", "ct-0001", "ct-0002"]);
        uids.Count(u => u == "ct-0000").Should().Be(2, "the S3 notification and the file notice both name the log file");
        EvidenceLines.Events(_store).Should().NotContain(e => e.ToString().Contains("sns:signature-unverified", StringComparison.Ordinal));
        result.Counts.Should().Contain(new KeyValuePair<string, long>("messages", 8));
        result.Counts.Should().Contain(new KeyValuePair<string, long>("failedMessages", 0));
    }

    [Fact]
    public void Every_batch_is_written_with_the_retention_and_producer_of_the_function()
    {
        Handler().Handle(SqsEvents.Build(("m1", AwsBodies.ApiCall("evt-1"))), Context());

        var manifests = _store.Keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)).ToList();
        manifests.Should().NotBeEmpty();
        foreach (string key in _store.Keys)
        {
            _store.RetainUntil(key).Should().Be(_time.GetUtcNow().AddDays(120));
        }

        foreach (string key in manifests)
        {
            using var stream = _store.OpenRead(key);
            using var reader = new MemoryStream();
            stream.CopyTo(reader);
            BatchManifest.Parse(reader.ToArray()).Producer.Should().Be("trailnorm-lambda");
        }
    }

    [Fact]
    public void Events_are_tagged_with_the_built_in_rules()
    {
        Handler().Handle(SqsEvents.Build(("m1", AwsBodies.ApiCall("evt-stop", "StopLogging").Replace("aws.ec2", "aws.cloudtrail", StringComparison.Ordinal)
            .Replace("ec2.amazonaws.com", "cloudtrail.amazonaws.com", StringComparison.Ordinal))), Context());

        var stopLogging = EvidenceLines.Events(_store).Single(e => e.GetProperty("metadata").GetProperty("uid").GetString() == "evt-stop");
        stopLogging.ToString().Should().Contain("sigma", "StopLogging matches a built-in rule");
    }

    [Fact]
    public void A_high_level_match_is_stored_as_a_detection_finding_beside_its_event()
    {
        var result = Handler().Handle(SqsEvents.Build(("m1", AwsBodies.ApiCall("evt-stop", "StopLogging").Replace("aws.ec2", "aws.cloudtrail", StringComparison.Ordinal)
            .Replace("ec2.amazonaws.com", "cloudtrail.amazonaws.com", StringComparison.Ordinal))), Context());

        result.Counts.Should().Contain(new KeyValuePair<string, long>("normalized", 1)).And.Contain(new KeyValuePair<string, long>("findings", 1));
        var finding = EvidenceLines.Events(_store).Single(e => e.GetProperty("class_uid").GetInt32() == 2004);
        finding.GetProperty("finding_info").GetProperty("related_events")[0].GetProperty("uid").GetString().Should().Be("evt-stop");
        string batchKey = finding.GetProperty("evidences")[0].GetProperty("data").GetProperty("batch_key").GetString()!;
        _store.Exists(batchKey).Should().BeTrue();
    }

    [Fact]
    public void Unusable_bodies_are_quarantined_or_kept_and_never_failed()
    {
        var result = Handler().Handle(SqsEvents.Build(
            ("m-pointer-missing", AwsBodies.S3ObjectCreated(TrailBucket, "AWSLogs/none.json.gz")),
            ("m-sns-not-allowed", AwsBodies.SignedSnsEnvelope()),
            ("m-sns-altered", AwsBodies.AlteredSnsEnvelope()),
            ("m-empty", "")), Context());

        SqsEvents.FailedIds(result.Response).Should().BeEmpty();
        var reasons = EvidenceLines.Quarantine(_store).Select(q => q.GetProperty("reason").GetString()!).ToList();
        reasons.Should().Contain(r => r.Contains("unresolved pointer s3://trail-logs/AWSLogs/none.json.gz: NoSuchKey", StringComparison.Ordinal));
        reasons.Should().Contain(r => r.Contains("topic arn:aws:sns:us-east-1:111122223333:audit-trail is not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public void An_altered_SNS_envelope_from_an_allowed_topic_is_quarantined()
    {
        Handler(AwsBodies.SignedSnsTopic).Handle(SqsEvents.Build(("m-sns-altered", AwsBodies.AlteredSnsEnvelope())), Context());

        EvidenceLines.Quarantine(_store).Should().ContainSingle()
            .Which.GetProperty("reason").GetString().Should().Contain("signature does not verify");
    }

    [Fact]
    public void An_object_source_failure_fails_only_the_message_that_named_the_object()
    {
        _objects.Add(TrailBucket, "AWSLogs/down.json.gz", Gzip.Compress(AwsBodies.CloudTrailLog("down", 1)));
        _objects.Failing.Add($"{TrailBucket}/AWSLogs/down.json.gz");

        var result = Handler().Handle(SqsEvents.Build(
            ("m-before", AwsBodies.ApiCall("evt-before")),
            ("m-down", AwsBodies.S3ObjectCreated(TrailBucket, "AWSLogs/down.json.gz")),
            ("m-after", AwsBodies.ApiCall("evt-after"))), Context());

        SqsEvents.FailedIds(result.Response).Should().Equal("m-down");
        Uids(EvidenceLines.Events(_store)).Should().Contain(["evt-before", "evt-after"]);
    }

    [Fact]
    public void A_store_that_cannot_write_fails_the_messages_whose_evidence_it_held_and_no_other()
    {
        // Events go to events/ batches, the unusable body to a quarantine/ batch: only quarantine writes fail.
        _store.FailPut = key => key.StartsWith(EvidenceKeys.QuarantinePrefix, StringComparison.Ordinal);

        var result = Handler().Handle(SqsEvents.Build(
            ("m-good", AwsBodies.ApiCall("evt-good")),
            ("m-quarantined", AwsBodies.S3ObjectCreated(TrailBucket, "AWSLogs/none.json.gz")),
            ("m-also-good", AwsBodies.ConsoleSignIn("evt-signin"))), Context());

        SqsEvents.FailedIds(result.Response).Should().Equal("m-quarantined");
        Uids(EvidenceLines.Events(_store)).Should().Contain(["evt-good", "evt-signin"]);
    }

    [Fact]
    public void A_store_that_is_down_fails_every_message_with_evidence()
    {
        _store.FailPut = _ => true;

        var result = Handler().Handle(SqsEvents.Build(
            ("m1", AwsBodies.ApiCall("evt-1")),
            ("m2", "plain text body"),
            ("m3", AwsBodies.S3ObjectCreated(TrailBucket, "AWSLogs/none.json.gz"))), Context());

        SqsEvents.FailedIds(result.Response).Should().BeEquivalentTo(["m1", "m2", "m3"]);
        _store.Keys.Should().BeEmpty();
    }

    [Fact]
    public void The_same_batch_delivered_twice_is_stored_once()
    {
        byte[] sqsEvent = SqsEvents.Build(("m-api", AwsBodies.ApiCall("evt-api")), ("m-s3", AwsBodies.S3ObjectCreated(TrailBucket, LogKey)), ("m-text", "Nightly job finished"));
        Handler().Handle(sqsEvent, Context());
        var keys = _store.Keys.Where(k => k.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal) || k.StartsWith(EvidenceKeys.QuarantinePrefix, StringComparison.Ordinal)).ToList();
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = Handler().Handle(sqsEvent, new InvocationContext("req-2", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));

        SqsEvents.FailedIds(again.Response).Should().BeEmpty();
        again.Counts.Should().Contain(new KeyValuePair<string, long>("batches", 0));
        _store.Keys.Where(k => k.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal) || k.StartsWith(EvidenceKeys.QuarantinePrefix, StringComparison.Ordinal))
            .Should().Equal(keys);
        var uids = Uids(EvidenceLines.Events(_store));
        uids.Should().OnlyHaveUniqueItems().And.Contain(["evt-api", "m-text", "ct-0000", "ct-0001", "ct-0002"]);
    }

    [Fact]
    public void A_message_that_fails_part_way_stores_nothing_and_its_redelivery_stores_every_record_once()
    {
        // The S3 notification is an object event of its own, routed before its pointer fails to resolve.
        _objects.Failing.Add($"{TrailBucket}/{LogKey}");
        byte[] sqsEvent = SqsEvents.Build(("m-api", AwsBodies.ApiCall("evt-api")), ("m-s3", AwsBodies.S3ObjectCreated(TrailBucket, LogKey)));
        SqsEvents.FailedIds(Handler().Handle(sqsEvent, Context()).Response).Should().Equal("m-s3");
        Uids(EvidenceLines.Events(_store)).Should().Equal("evt-api");

        _objects.Failing.Clear();
        var redelivery = Handler().Handle(SqsEvents.Build(("m-s3", AwsBodies.S3ObjectCreated(TrailBucket, LogKey))), new InvocationContext("req-2", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));

        SqsEvents.FailedIds(redelivery.Response).Should().BeEmpty();
        var uids = Uids(EvidenceLines.Events(_store));
        uids.Should().OnlyHaveUniqueItems().And.HaveCount(5, "evt-api, the S3 object event and the three records of the log file");
    }

    [Fact]
    public void A_payload_that_is_not_an_SQS_event_fails_the_invocation()
    {
        var handler = Handler();

        handler.Invoking(h => h.Handle("{\"detail-type\":\"Scheduled Event\"}"u8.ToArray(), Context())).Should().Throw<ArgumentException>();
        handler.Invoking(h => h.Handle("not json"u8.ToArray(), Context())).Should().Throw<JsonException>();
    }
}
