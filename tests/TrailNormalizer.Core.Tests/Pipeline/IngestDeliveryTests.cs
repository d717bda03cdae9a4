using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Runs;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>At-least-once deliveries: a redelivery meets what its earlier delivery stored at the create-only write.</summary>
public sealed class IngestDeliveryTests
{
    private static readonly DateTimeOffset FirstReceived = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
    private static readonly Delivery Message = new("sqs://arn:aws:sqs:eu-west-1:111122223333:intake/6f1c2a7e-0b5d-4c1e-9a8f-1d2e3f4a5b6c", 2048, FirstReceived);

    private readonly MemoryEvidenceStore _store = new();
    private readonly ManualTime _clock = new(FirstReceived.AddMinutes(1));

    /// <summary>One session delivering <paramref name="delivery"/> (records of two accounts, so two event batches, and one malformed record); false when a batch was not stored.</summary>
    private (bool Stored, IngestSummary Summary, List<BatchNotStored> NotStored) Deliver(Delivery delivery, string attempt, Func<string, bool>? failPut = null)
    {
        _store.FailPut = failPut;
        var notStored = new List<BatchNotStored>();
        using var session = new IngestSession(new IngestOptions { Store = _store, Time = _clock, OnBatchNotStored = notStored.Add }, attempt);
        session.BeginDelivery(delivery);
        session.Route(InputUnit.Value(Encoding.UTF8.GetBytes(CloudTrailSamples.LogFile(5)), "message"));
        session.Route(InputUnit.Value(Encoding.UTF8.GetBytes(CloudTrailSamples.Record(7).Replace("111122223333", "444455556666", StringComparison.Ordinal)), "message"));
        session.Route(InputUnit.Value("{\"Records\": [ 1, "u8.ToArray(), "message"));
        bool stored = session.EndDelivery();
        _store.FailPut = null;
        return (stored, session.Summary(), notStored);
    }

    private List<string> Keys(string suffix) => _store.Keys.Where(k => k.EndsWith(suffix, StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_redelivery_meets_every_batch_its_first_delivery_stored_and_writes_none()
    {
        var first = Deliver(Message, "req-1");
        var batchesAfterFirst = Keys(EvidenceKeys.BatchSuffix);
        _clock.Advance(TimeSpan.FromMinutes(20));

        var second = Deliver(Message, "req-2");

        first.Stored.Should().BeTrue();
        first.Summary.Batches.Should().Be(3, "two accounts' event batches and one quarantine batch");
        second.Stored.Should().BeTrue();
        second.Summary.Batches.Should().Be(0);
        second.Summary.BatchesAlreadyStored.Should().Be(3);
        Keys(EvidenceKeys.BatchSuffix).Should().Equal(batchesAfterFirst);
        var report = EvidenceVerifier.Verify(_store);
        report.Intact.Should().BeTrue(string.Join("\n", report.Findings));
        report.Events.Should().Be(6);
        report.DuplicateDeliveries.Should().Be(0);
    }

    [Fact]
    public void Each_delivery_is_recorded_with_the_batches_it_produced()
    {
        Deliver(Message, "req-1");
        Deliver(Message, "req-2");

        var records = _store.Keys.Where(k => k.StartsWith(RunRecords.CompletionPrefix(Message.InputId), StringComparison.Ordinal)).ToList();
        records.Should().Equal(RunRecords.CompletionKey(Message.InputId, "req-1"), RunRecords.CompletionKey(Message.InputId, "req-2"));
        foreach (string key in records)
        {
            string json = Encoding.UTF8.GetString(Checkpoints_ReadAll(key));
            json.Should().Contain(Message.Identity);
            foreach (string manifest in Keys(EvidenceKeys.ManifestSuffix))
            {
                json.Should().Contain(manifest);
            }
        }
    }

    [Fact]
    public void A_manifest_lost_to_an_outage_is_completed_by_the_redelivery_leaving_no_orphan()
    {
        var first = Deliver(Message, "req-1", key => key.Contains("account=444455556666", StringComparison.Ordinal) && key.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal));
        first.Stored.Should().BeFalse();
        first.NotStored.Should().ContainSingle().Which.Inputs.Should().Equal(Message.InputId);
        _store.Keys.Should().NotContain(k => k.StartsWith(RunRecords.InputsPrefix, StringComparison.Ordinal), "an input is recorded only once all its batches are stored");

        var second = Deliver(Message, "req-2");

        second.Stored.Should().BeTrue();
        second.Summary.Batches.Should().Be(1, "the manifest the outage lost is written beside the object stored the first time");
        second.Summary.BatchesAlreadyStored.Should().Be(2);
        Keys(EvidenceKeys.BatchSuffix).Should().HaveCount(3).And.OnlyContain(k => _store.Exists(EvidenceKeys.ManifestKeyFor(k)));
        var report = EvidenceVerifier.Verify(_store);
        report.Intact.Should().BeTrue(string.Join("\n", report.Findings));
        report.Events.Should().Be(6);
    }

    [Fact]
    public void An_abandoned_delivery_stores_nothing_and_counts_nothing_so_its_redelivery_stores_every_record_once()
    {
        using (var session = new IngestSession(new IngestOptions { Store = _store, Time = _clock }, "req-1"))
        {
            session.BeginDelivery(Message);
            session.Route(InputUnit.Value(Encoding.UTF8.GetBytes(CloudTrailSamples.LogFile(5)), "message"));
            session.AbandonDelivery();
            session.Flush();
            session.Summary().Normalized.Should().Be(0);
            session.Summary().Classes.Should().BeEmpty();
        }

        _store.Keys.Should().BeEmpty();
        Deliver(Message, "req-2").Summary.Normalized.Should().Be(6);
        EvidenceVerifier.Verify(_store).Events.Should().Be(6);
    }

    [Fact]
    public void A_record_without_a_usable_time_is_received_at_the_delivery_stamp_so_its_redelivery_meets_it()
    {
        string timeless = CloudTrailSamples.Record(3).Replace("\"eventTime\":\"2026-03-14T09:00:03Z\",", "", StringComparison.Ordinal);
        DeliverRecord(timeless, "req-1");
        _clock.Advance(TimeSpan.FromMinutes(30));
        var second = DeliverRecord(timeless, "req-2");

        second.BatchesAlreadyStored.Should().Be(1);
        Keys(EvidenceKeys.BatchSuffix).Should().ContainSingle();
        using var lines = new MemoryStream();
        EvidenceReader.CopyLines(_store, "events/", lines).Should().Be(1);
        Encoding.UTF8.GetString(lines.ToArray()).Should().Contain(
            $"\"time\":{FirstReceived.ToUnixTimeMilliseconds()}", "the substituted time is the delivery's first receipt, not the clock");
        EvidenceVerifier.Verify(_store).DuplicateDeliveries.Should().Be(0);
    }

    [Fact]
    public void Different_bytes_under_a_delivery_key_are_stored_beside_it()
    {
        // A producer that reuses a message id for another record: the second record is evidence too, never refused.
        DeliverRecord(CloudTrailSamples.Record(3), "req-1");
        var second = DeliverRecord(CloudTrailSamples.Record(4), "req-2");

        second.Batches.Should().Be(1);
        var batches = Keys(EvidenceKeys.BatchSuffix);
        batches.Should().HaveCount(2);
        batches.Should().ContainSingle(k => k.EndsWith("-r2" + EvidenceKeys.BatchSuffix, StringComparison.Ordinal));
        var report = EvidenceVerifier.Verify(_store);
        report.Intact.Should().BeTrue(string.Join("\n", report.Findings));
        report.Events.Should().Be(2);
    }

    private IngestSummary DeliverRecord(string record, string attempt)
    {
        using var session = new IngestSession(new IngestOptions { Store = _store, Time = _clock }, attempt);
        session.BeginDelivery(Message);
        session.Route(InputUnit.Value(Encoding.UTF8.GetBytes(record), "message"));
        session.EndDelivery().Should().BeTrue();
        return session.Summary();
    }

    [Fact]
    public void Batch_keys_derive_from_the_delivery_and_its_stamp()
    {
        Deliver(Message, "req-1");
        var other = Message with { Identity = Message.Identity + "-other" };
        _clock.Advance(TimeSpan.FromMinutes(1));
        Deliver(other, "req-1");

        var batches = Keys(EvidenceKeys.BatchSuffix);
        batches.Should().HaveCount(6, "another message is another delivery");
        batches.Should().OnlyContain(k => k.Contains("/20260314T093000000Z-", StringComparison.Ordinal));
    }

    private byte[] Checkpoints_ReadAll(string key)
    {
        using var stream = _store.OpenRead(key);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
