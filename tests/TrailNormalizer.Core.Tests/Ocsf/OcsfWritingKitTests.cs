using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Tests.Ocsf;

public class OcsfWritingKitTests
{
    private const long Received = 1_773_480_413_000;

    [Fact]
    public void A_source_time_is_kept_and_a_missing_one_is_replaced_by_the_received_time()
    {
        EventTime.OrReceived(1_700_000_000_000, Received).Should().Be(new EventTime(1_700_000_000_000, null));
        EventTime.OrReceived(null, Received).Should().Be(new EventTime(Received, Received));
    }

    [Fact]
    public void Only_the_plausible_variant_replaces_a_1970_placeholder()
    {
        EventTime.OrReceived(0, Received).IsSubstituted.Should().BeFalse();
        EventTime.PlausibleOrReceived(0, Received).Should().Be(new EventTime(Received, Received));
        EventTime.PlausibleOrReceived(1_700_000_000_000, Received).IsSubstituted.Should().BeFalse();
    }

    [Fact]
    public void A_substituted_time_is_labelled_first_and_says_when_it_was_received()
    {
        string json = Write(w => OcsfLabels.WriteTimeAndLabels(w, "not a time", Received, ["actor:unknown"]));

        json.Should().Be("""{"original_time":"not a time","processed_time":1773480413000,"labels":["time:substituted-with-received-time","actor:unknown"]}""");
    }

    [Fact]
    public void A_real_time_without_labels_writes_no_labels()
    {
        Write(w => OcsfLabels.WriteTimeAndLabels(w, "2026-03-14T09:26:53Z", null)).Should().Be("""{"original_time":"2026-03-14T09:26:53Z"}""");
        Write(w => OcsfLabels.WriteTimeAndLabels(w, null, null, [])).Should().Be("{}");
    }

    [Fact]
    public void The_uid_is_the_source_id_else_the_hash_of_the_raw_bytes()
    {
        byte[] raw = Encoding.UTF8.GetBytes("""{"a":1}""");
        RawData.Uid("evt-1", raw).Should().Be("evt-1");
        RawData.Uid(null, raw).Should().Be(RawData.Sha256Hex(raw)).And.HaveLength(64);
    }

    [Fact]
    public void The_finished_event_carries_the_written_object_and_its_filing()
    {
        var partition = new EvidencePartition("aws", "111122223333", "eu-west-1");
        var ev = OcsfEventBuffer.Write(6003, Received, "evt-1", partition, w =>
        {
            w.WriteIfPresent("message", "<b>&</b>");
            w.WriteIfPresent("absent", null);
        });

        Encoding.UTF8.GetString(ev.Json).Should().Be("""{"message":"<b>&</b>"}""", "the writer escapes no HTML characters");
        ev.Should().BeEquivalentTo(new { ClassUid = 6003, TimeMs = Received, Partition = partition, Uid = "evt-1" });
    }

    [Fact]
    public void Source_json_reads_name_how_they_match_the_key()
    {
        using var doc = JsonDocument.Parse("""{"CorrelationId":"c-1","status":{"value":"Failed"}," ObjectName ":" secret1 "}""");
        var root = doc.RootElement;

        root.Str("correlationId").Should().BeNull();
        root.TextAnyCase("correlationId").Should().Be("c-1");
        root.TextAnyCase("status").Should().Be("Failed");
        SourceJson.TextTrimmedKey(root, "objectName").Should().Be("secret1");
        root.TextAnyCase("objectName").Should().BeNull();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var ev = OcsfEventBuffer.Write(0, 0, "u", default, body);
        return Encoding.UTF8.GetString(ev.Json);
    }
}
