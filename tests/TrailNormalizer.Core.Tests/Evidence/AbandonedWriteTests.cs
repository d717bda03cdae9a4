using TrailNormalizer.Core.Evidence.Runs;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Merkle;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>
/// A store outage between a batch object and its manifest leaves the object in WORM storage; the input is redelivered and
/// written again. These tests follow that object through verify and seal.
/// </summary>
public sealed class AbandonedWriteTests : IDisposable
{
    private const string Origin = "test.trailnormalizer/log";
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _clock = new(Start);
    private readonly MemoryEvidenceStore _store = new();
    private readonly TestSigner _signer = new();

    public void Dispose() => _signer.Dispose();

    private SealResult Seal(IEvidenceStore? store = null) => new Sealer(store ?? _store, _signer, Origin, _clock).Seal();

    private VerifyReport Verify(IEvidenceStore? store = null) => EvidenceVerifier.Verify(store ?? _store, _signer.PublicKeySpki);

    /// <summary>Writes one message's events the way the Lambda does (failures reported per input); true when they were stored.</summary>
    private bool Deliver(string messageId, int events = 5)
    {
        var normalized = Normalize.Text(CloudTrailSamples.LogFile(events)).Events;
        var notStored = new List<BatchNotStored>();
        using var writer = new EvidenceWriter(_store, _clock) { OnBatchNotStored = notStored.Add, CurrentInput = new InputCursor(messageId, new HashSet<long>()) };
        foreach (var e in normalized)
        {
            writer.Normalized(e);
        }

        writer.Flush();
        return !notStored.Any(b => b.Inputs.Contains(messageId));
    }

    /// <summary>Message m-2 hits an outage after its batch object was stored, then is redelivered and stored; returns the orphan's key.</summary>
    private string InterruptedWrite()
    {
        _store.FailPut = key => key.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal);
        Deliver("m-2").Should().BeFalse("the manifest could not be stored");
        _store.FailPut = null;
        _clock.Advance(TimeSpan.FromMinutes(1));
        Deliver("m-2").Should().BeTrue("the redelivered message is written again under a new batch id");
        return _store.Keys.Single(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && !_store.Exists(EvidenceKeys.ManifestKeyFor(k)));
    }

    /// <summary>Seal 0 holds m-1; the orphan of m-2 is recorded by seal 2, after the grace.</summary>
    private string RecordedOrphan()
    {
        Deliver("m-1").Should().BeTrue();
        Seal().Sequence.Should().Be(0);
        string orphan = InterruptedWrite();
        Seal().Sequence.Should().Be(1);
        _clock.Advance(Sealer.LateWriteGrace + TimeSpan.FromMinutes(1));
        Seal().Abandoned.Should().ContainSingle(a => a.Key == orphan);
        return orphan;
    }

    private byte[] Read(string key)
    {
        using var stream = _store.OpenRead(key);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    [Fact]
    public void An_interrupted_write_is_extra_until_a_seal_after_the_grace_records_it_then_verify_is_intact_with_a_warning()
    {
        Deliver("m-1").Should().BeTrue();
        Seal().Sequence.Should().Be(0);
        string orphan = InterruptedWrite();

        Verify().Findings.Select(f => f.ToString()).Should().Equal($"extra: {orphan}: not listed in any manifest");

        var early = Seal();
        early.Appended.Should().Be(1, "the redelivered batch is sealed");
        early.Abandoned.Should().BeEmpty("the orphan is younger than the grace: its manifest may still come");
        Verify().Intact.Should().BeFalse();

        _clock.Advance(Sealer.LateWriteGrace + TimeSpan.FromMinutes(1));
        var late = Seal();

        late.Sequence.Should().Be(2, "recording an abandoned write is worth a seal even with nothing to append");
        late.Appended.Should().Be(0);
        var digest = ObjectDigest.Of(_store, orphan);
        late.Abandoned.Should().Equal(new AbandonedObject(orphan, digest.Sha256, digest.Bytes));
        var report = Verify();
        report.Findings.Should().BeEmpty();
        report.Checkpoints.Should().Be(3);
        report.Warnings.Should().Contain($"abandoned write recorded in seal 2 (not evidence): {orphan}");
        Seal().Sequence.Should().BeNull("an object is recorded once");
    }

    [Fact]
    public void An_orphan_younger_than_the_grace_is_left_for_a_later_seal()
    {
        _store.FailPut = key => key.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal);
        Deliver("m-1").Should().BeFalse();
        _store.FailPut = null;
        _clock.Advance(Sealer.LateWriteGrace - TimeSpan.FromMinutes(1));

        var result = Seal();

        result.Sequence.Should().BeNull();
        result.Abandoned.Should().BeEmpty();
        _store.Keys.Should().NotContain(k => k.StartsWith("log/", StringComparison.Ordinal));
    }

    [Fact]
    public void An_object_whose_name_carries_no_batch_id_is_never_recorded_and_stays_extra()
    {
        Deliver("m-1").Should().BeTrue();
        string folder = _store.Keys.First()[..(_store.Keys.First().LastIndexOf('/') + 1)];
        _store.Put(folder + "planted.ndjson.gz", new byte[] { 1, 2, 3 }, Start.AddYears(1));
        _clock.Advance(TimeSpan.FromDays(1));

        Seal().Abandoned.Should().BeEmpty();

        Verify().Findings.Select(f => f.ToString()).Should().Equal($"extra: {folder}planted.ndjson.gz: not listed in any manifest");
    }

    [Fact]
    public void A_planted_object_with_a_forged_seal_record_fails_verify()
    {
        RecordedOrphan();
        string planted = _store.Keys.First()[..(_store.Keys.First().LastIndexOf('/') + 1)] + "20260101T000000000Z-00000000deadbeef.ndjson.gz";
        byte[] plantedBytes = Encoding.UTF8.GetBytes("planted");
        _store.Put(planted, plantedBytes, Start.AddYears(1));
        var tampered = new TamperedStore(_store);
        string sealKey = SealRecord.SealKey(2);
        string forged = Encoding.UTF8.GetString(Read(sealKey)).Replace(
            "\"abandoned\": [",
            $"\"abandoned\": [{{\"key\": \"{planted}\", \"sha256\": \"{ObjectDigest.Of(_store, planted).Sha256}\", \"bytes\": {plantedBytes.Length}}},",
            StringComparison.Ordinal);
        tampered.Overwrite(sealKey, Encoding.UTF8.GetBytes(forged));

        var report = Verify(tampered);

        report.Intact.Should().BeFalse();
        report.Findings.Select(f => f.ToString()).Should().Contain(f => f.StartsWith($"altered: {sealKey}: SHA-256 ", StringComparison.Ordinal))
            .And.Contain($"extra: {planted}: not listed in any manifest");
    }

    [Fact]
    public void A_checkpoint_edited_to_name_a_forged_seal_record_fails_its_signature()
    {
        RecordedOrphan();
        var tampered = new TamperedStore(_store);
        string checkpointKey = SealRecord.CheckpointKey(2);
        string note = Encoding.UTF8.GetString(Read(checkpointKey));
        tampered.Overwrite(checkpointKey, Encoding.UTF8.GetBytes(Regex.Replace(note, "trailnormalizer/seal [0-9a-f]{64}", "trailnormalizer/seal " + new string('0', 64))));

        Verify(tampered).Findings.Should().ContainSingle(f => f.Kind == "bad-signature" && f.Key == checkpointKey);
    }

    [Fact]
    public void A_recorded_abandoned_object_that_is_later_altered_is_reported_altered()
    {
        string orphan = RecordedOrphan();
        var tampered = new TamperedStore(_store);
        byte[] bytes = Read(orphan);
        bytes[^5] ^= 0xFF;
        tampered.Overwrite(orphan, bytes);

        var findings = Verify(tampered).Findings;

        findings.Should().ContainSingle().Which.Should().Match<VerifyFinding>(f => f.Kind == "altered" && f.Key == orphan
            && f.Detail.Contains("seal 2 recorded this abandoned write", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recorded_abandoned_object_that_disappears_is_reported_missing()
    {
        string orphan = RecordedOrphan();
        var copy = new MemoryEvidenceStore();
        foreach (string key in _store.Keys.Where(k => k != orphan))
        {
            copy.Put(key, Read(key), Start.AddYears(1));
        }

        Verify(copy).Findings.Select(f => f.ToString()).Should().Equal($"missing: {orphan}: recorded as abandoned in seal 2");
    }

    [Fact]
    public void Checkpoints_without_the_seal_line_still_verify_but_cannot_vouch_for_abandoned_objects()
    {
        Deliver("m-1").Should().BeTrue();
        WriteOldFormatSeal();
        Verify().Findings.Should().BeEmpty();

        // Someone adds an "abandoned" list to the old record to excuse a planted object.
        string planted = _store.Keys.First()[..(_store.Keys.First().LastIndexOf('/') + 1)] + "20260101T000000000Z-00000000deadbeef.ndjson.gz";
        _store.Put(planted, "planted"u8.ToArray(), Start.AddYears(1));
        var tampered = new TamperedStore(_store);
        string record = Encoding.UTF8.GetString(Read(SealRecord.SealKey(0)));
        tampered.Overwrite(SealRecord.SealKey(0), Encoding.UTF8.GetBytes(record.TrimEnd().TrimEnd('}')
            + $",\"abandoned\":[{{\"key\":\"{planted}\",\"sha256\":\"{ObjectDigest.Of(_store, planted).Sha256}\",\"bytes\":7}}]}}"));

        Verify(tampered).Findings.Select(f => f.ToString()).Should().Contain(
            $"altered: {SealRecord.SealKey(0)}: lists abandoned objects, but its checkpoint does not commit to the seal record",
            $"extra: {planted}: not listed in any manifest");

        // A new seal on top of the old chain writes the line and records the (now old) object.
        _clock.Advance(TimeSpan.FromDays(1));
        Seal().Abandoned.Select(a => a.Key).Should().Equal(planted);
        var report = Verify();
        report.Findings.Should().BeEmpty();
        report.Warnings.Should().Contain($"abandoned write recorded in seal 1 (not evidence): {planted}");
    }

    /// <summary>Seal 0 as the sealer wrote it before seal records were bound to their checkpoint.</summary>
    private void WriteOldFormatSeal()
    {
        var manifests = _store.List(EvidenceKeys.EventsPrefix).Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)).ToList();
        var record = new SealRecord(0, Origin, Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), 0, manifests);
        string json = Regex.Replace(Encoding.UTF8.GetString(record.ToJson()), ",\\s*\"abandoned\": \\[\\]", "");
        json.Should().NotContain("abandoned");
        _store.Put(SealRecord.SealKey(0), Encoding.UTF8.GetBytes(json), Start.AddYears(1));
        var leaves = manifests.Select(k => LogLeaf.Hash(BatchManifest.Parse(Read(k)))).ToList();
        string text = new Checkpoint(Origin, leaves.Count, MerkleHash.Root(leaves), "none").ToText();
        text.Should().NotContain("trailnormalizer/seal");
        _store.Put(SealRecord.CheckpointKey(0), Encoding.UTF8.GetBytes(SignedNote.Sign(text, Origin, _signer)), Start.AddYears(1));
    }

    [Fact]
    public void A_batch_id_carries_its_creation_time()
    {
        var created = new DateTimeOffset(2026, 3, 14, 9, 59, 58, 123, TimeSpan.Zero);

        EvidenceKeys.TryParseBatchTime($"events/x/{EvidenceKeys.NewBatchId(created)}.ndjson.gz", out var parsed).Should().BeTrue();
        parsed.Should().Be(created);
        EvidenceKeys.TryParseBatchTime("events/x/planted.ndjson.gz", out _).Should().BeFalse();
        EvidenceKeys.TryParseBatchTime($"events/x/{EvidenceKeys.NewBatchId(created)}.manifest.json", out _).Should().BeFalse();
    }
}
