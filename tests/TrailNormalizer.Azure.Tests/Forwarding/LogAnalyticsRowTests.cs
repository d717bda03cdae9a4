using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Forwarding;

namespace TrailNormalizer.Azure.Tests.Forwarding;

public sealed class LogAnalyticsRowTests
{
    private const string Batch = "events/cloud=aws/account=111122223333/region=us-east-1/date=2026-03-14/hour=09/20260314T091500000Z-0011223344556677.ndjson.gz";

    [Fact]
    public void A_stored_event_becomes_a_row_with_typed_columns_split_labels_its_batch_and_the_whole_event()
    {
        string line = """
            {"class_uid":6003,"class_name":"API Activity","category_name":"Application Activity","activity_name":"Update","severity_id":4,"severity":"High","status_id":1,"status":"Success","time":1773479700123,"metadata":{"uid":"u-1","product":{"name":"CloudTrail"},"labels":["incident:logging-tamper","control:soc2:CC7.2","control:iso27001-2022:A.8.15"]},"actor":{"user":{"name":"ops-admin","uid":"AIDAEXAMPLE","type":"IAMUser"}},"src_endpoint":{"ip":"198.51.100.7"},"api":{"operation":"StopLogging"},"cloud":{"provider":"AWS","region":"us-east-1","account":{"uid":"111122223333"}}}
            """.Trim();

        var row = Parse(LogAnalyticsRow.From(Encoding.UTF8.GetBytes(line), Batch));

        row.GetProperty("TimeGenerated").GetString().Should().Be("2026-03-14T09:15:00.123Z");
        row.GetProperty("class_uid").GetInt32().Should().Be(6003);
        row.GetProperty("status_id").GetInt32().Should().Be(1);
        row.GetProperty("actor_user_name").GetString().Should().Be("ops-admin");
        row.GetProperty("actor_user_type").GetString().Should().Be("IAMUser");
        row.GetProperty("src_endpoint_ip").GetString().Should().Be("198.51.100.7");
        row.GetProperty("api_operation").GetString().Should().Be("StopLogging");
        row.GetProperty("cloud_account_uid").GetString().Should().Be("111122223333");
        row.GetProperty("metadata_product_name").GetString().Should().Be("CloudTrail");
        Strings(row, "incidents").Should().Equal("logging-tamper");
        Strings(row, "controls").Should().Equal("soc2:CC7.2", "iso27001-2022:A.8.15");
        Strings(row, "labels").Should().HaveCount(3);
        row.GetProperty("batch").GetString().Should().Be(Batch);
        row.GetProperty("event_omitted").GetBoolean().Should().BeFalse();
        row.GetProperty("event_bytes").GetInt32().Should().Be(Encoding.UTF8.GetByteCount(line));
        row.GetProperty("event").GetProperty("api").GetProperty("operation").GetString().Should().Be("StopLogging");
    }

    [Fact]
    public void Attributes_the_event_lacks_are_left_out_and_labels_are_empty_arrays()
    {
        var row = Parse(LogAnalyticsRow.From("""{"class_uid":3002,"time":0,"metadata":{"uid":"u-2"}}"""u8, Batch));

        row.TryGetProperty("actor_user_name", out _).Should().BeFalse();
        row.TryGetProperty("status", out _).Should().BeFalse();
        Strings(row, "incidents").Should().BeEmpty();
        row.GetProperty("TimeGenerated").GetString().Should().Be("1970-01-01T00:00:00.000Z");
    }

    [Fact]
    public void An_event_larger_than_a_log_analytics_field_is_sent_without_its_dynamic_copy()
    {
        string line = $$"""{"class_uid":6003,"time":1,"metadata":{"uid":"u-3"},"raw_data":"{{new string('r', LogAnalyticsRow.MaxEmbeddedEventBytes)}}"}""";

        var row = Parse(LogAnalyticsRow.From(Encoding.UTF8.GetBytes(line), Batch));

        row.TryGetProperty("event", out _).Should().BeFalse();
        row.GetProperty("event_omitted").GetBoolean().Should().BeTrue();
        row.GetProperty("metadata_uid").GetString().Should().Be("u-3");
        row.GetProperty("event_bytes").GetInt32().Should().BeGreaterThan(LogAnalyticsRow.MaxEmbeddedEventBytes);
    }

    private static JsonElement Parse(byte[] row) => JsonDocument.Parse(row).RootElement.Clone();

    private static List<string?> Strings(JsonElement row, string name) => row.GetProperty(name).EnumerateArray().Select(e => e.GetString()).ToList();
}
