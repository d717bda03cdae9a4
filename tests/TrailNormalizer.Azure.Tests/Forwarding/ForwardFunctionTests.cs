using System.Text.Json;
using TrailNormalizer.Azure.Findings;
using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>The Forward timer function: sealed evidence to Log Analytics rows and escalated findings to the topic, from cursors.</summary>
public sealed class ForwardFunctionTests : IDisposable
{
    private readonly ForwardWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Every_sealed_event_becomes_one_row_and_each_escalated_finding_one_cloud_event()
    {
        _world.Ingest(ResourceEvents.DiagnosticSettingDeleted(1), ResourceEvents.StorageAccountWritten(2));
        _world.Seal().StatusCode.Should().Be(200);
        var stored = _world.Handler.StoredEvents();

        var response = _world.RunForward();

        response.StatusCode.Should().Be(200, string.Join('\n', response.Logs));
        var rows = _world.Logs.AcceptedItems();
        rows.Select(r => r.GetProperty("metadata_uid").GetString()).Should().BeEquivalentTo(stored.Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()));
        var tampering = rows.Single(r => r.GetProperty("class_uid").GetInt32() != 2004 && r.GetProperty("api_operation").GetString() == "Microsoft.Insights/diagnosticSettings/delete");
        tampering.GetProperty("incidents").EnumerateArray().Select(i => i.GetString()).Should().Contain("logging-tamper");
        tampering.GetProperty("controls").EnumerateArray().Select(i => i.GetString()).Should().Contain("soc2:CC7.2");
        tampering.GetProperty("batch").GetString().Should().StartWith("events/cloud=azure/").And.EndWith(EvidenceKeys.BatchSuffix);
        tampering.GetProperty("event").GetProperty("metadata").GetProperty("uid").GetString().Should().Be(tampering.GetProperty("metadata_uid").GetString());

        var finding = stored.Single(e => e.GetProperty("class_uid").GetInt32() == 2004);
        var published = _world.Topic.Accepted.Single();
        published.ContentType.Should().Be(EventGridPublisher.ContentType);
        published.Authorization.Should().Be("Bearer test-token");
        published.Path.Should().Be("/api/events");
        var cloudEvent = published.Json.EnumerateArray().Single();
        cloudEvent.GetProperty("specversion").GetString().Should().Be("1.0");
        cloudEvent.GetProperty("type").GetString().Should().Be(FindingCloudEvent.EventType);
        cloudEvent.GetProperty("source").GetString().Should().Be("trailnormalizer/test");
        cloudEvent.GetProperty("id").GetString().Should().Be(finding.GetProperty("metadata").GetProperty("uid").GetString());
        cloudEvent.GetProperty("subject").GetString().Should().Be(tampering.GetProperty("batch").GetString());
        cloudEvent.GetProperty("data").GetProperty("finding_info").GetProperty("types").EnumerateArray().Select(t => t.GetString()).Should().Contain("logging-tamper");
        response.Logs[0].Should().Contain("log-analytics: 2 batches, 3 items").And.Contain("event-grid-findings: 2 batches, 1 items");
    }

    [Fact]
    public void A_second_run_sends_nothing_again_and_new_seals_are_picked_up_from_the_cursor()
    {
        _world.Ingest(ResourceEvents.StorageAccountWritten(1));
        _world.Seal();
        _world.RunForward();

        var again = _world.RunForward();
        _world.Ingest(ResourceEvents.StorageAccountWritten(2));
        _world.Seal();
        var next = _world.RunForward();

        again.Logs[0].Should().Contain("log-analytics: 0 batches");
        next.Logs[0].Should().Contain("log-analytics: 1 batches, 1 items, position 2");
        _world.Logs.AcceptedItems().Should().HaveCount(2);
        ForwardCursor.Latest(_world.Store, "log-analytics").Should().Match<ForwardCursor>(c => c.Leaves == 2 && c.Seal == 1);
        _world.Topic.All.Should().BeEmpty("there is no finding to publish");
    }

    [Fact]
    public void Batches_are_forwarded_only_once_a_seal_covers_them()
    {
        _world.Ingest(ResourceEvents.StorageAccountWritten(1));

        var before = _world.RunForward();
        _world.Seal();
        var after = _world.RunForward();

        before.Logs[0].Should().Contain("log-analytics: 0 batches");
        after.Logs[0].Should().Contain("log-analytics: 1 batches");
        _world.Logs.AcceptedItems().Should().ContainSingle();
    }

    [Fact]
    public void A_failed_forward_fails_the_run_keeps_the_cursor_and_is_sent_from_the_evidence_next_time_while_the_other_sink_goes_on()
    {
        using var world = new ForwardWorld(maxAttempts: 2);
        world.Ingest(ResourceEvents.DiagnosticSettingDeleted(1));
        world.Seal();
        world.Logs.Answer(500, times: 2);

        var failed = world.RunForward();
        var retried = world.RunForward();

        failed.StatusCode.Should().Be(500);
        failed.Logs[0].Should().Contain("log-analytics: 0 batches").And.Contain("FAILED").And.Contain("HTTP 500");
        failed.Logs[0].Should().Contain("event-grid-findings: 1 batches, 1 items");
        retried.StatusCode.Should().Be(200);
        world.Logs.AcceptedItems().Should().HaveCount(2, "the event and its finding, sent by the second run");
        world.Topic.AcceptedItems().Should().ContainSingle("the topic got its finding once, in the first run");
    }

    [Fact]
    public void Forwarding_writes_only_its_cursors_and_never_touches_the_evidence()
    {
        _world.Ingest(ResourceEvents.DiagnosticSettingDeleted(1));
        _world.Seal();
        var before = _world.Store.List("").ToList();

        _world.RunForward();

        var written = _world.Store.List("").Except(before).ToList();
        written.Should().HaveCount(2).And.OnlyContain(k => k.StartsWith(EvidenceKeys.CursorsPrefix + "forward/", StringComparison.Ordinal));
        JsonDocument.Parse(_world.Store.OpenRead(written[0])).RootElement.GetProperty("leaves").GetInt64().Should().Be(1);
    }

    [Fact]
    public void An_altered_batch_is_not_forwarded()
    {
        _world.Ingest(ResourceEvents.StorageAccountWritten(1));
        _world.Seal();
        string batch = _world.Store.List(EvidenceKeys.EventsPrefix).Single(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal));
        string path = Path.Combine(_world.Handler.Root, "evidence", batch);
        File.SetAttributes(path, FileAttributes.Normal);
        File.AppendAllText(path, "tampered");

        var response = _world.RunForward();

        response.StatusCode.Should().Be(500);
        response.Logs[0].Should().Contain("does not match the SHA-256 in its manifest");
        _world.Logs.All.Should().BeEmpty();
    }

    [Fact]
    public void Each_run_forwards_at_most_the_bounded_number_of_batches()
    {
        using var world = new ForwardWorld(maxBatches: 1);
        world.Ingest(ResourceEvents.StorageAccountWritten(1));
        world.Seal();
        world.Ingest(ResourceEvents.StorageAccountWritten(2));
        world.Seal();

        var first = world.RunForward();
        var second = world.RunForward();

        first.Logs[0].Should().Contain("log-analytics: 1 batches, 1 items, position 1");
        second.Logs[0].Should().Contain("log-analytics: 1 batches, 1 items, position 2");
    }

    [Fact]
    public void Without_sinks_forward_does_nothing()
    {
        var forward = new ForwardFunction(_world.Handler.Services, new OutboundServices { Settings = new OutboundSettings() });

        var response = Handler.TestHandler.Invoke(forward.Invoke, Handler.TestHandler.TimerInvocation());

        response.StatusCode.Should().Be(200);
        response.Logs[0].Should().Be("Forward: no sink is configured");
    }
}
