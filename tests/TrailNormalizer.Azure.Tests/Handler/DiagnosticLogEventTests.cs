using System.Text.Json;
using TrailNormalizer.Azure.Functions;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class DiagnosticLogEventTests
{
    [Theory]
    [InlineData("/blobServices/default/containers/insights-activity-logs/blobs/resourceId=/x/PT1H.json", true)]
    [InlineData("/blobServices/default/containers/insights-logs-operationallogs/blobs/resourceId=/x/PT1H.json", true)]
    [InlineData("/blobServices/default/containers/insights-logs-/blobs/a.json", false)]
    [InlineData("/blobServices/default/containers/exports/blobs/insights-activity-logs/a.json", false)]
    public void Container_is_read_from_the_subject(string subject, bool expected)
    {
        string json = """{"id":"1","topic":"/t","subject":""" + $"\"{subject}\"" + ""","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-01-01T00:00:00Z","data":{"url":"https://a.blob.core.windows.net/c/a.json"}}""";

        DiagnosticLogEvent.IsDiagnosticLogBlob(JsonDocument.Parse(json).RootElement, out var url).Should().Be(expected);
        url!.Host.Should().Be("a.blob.core.windows.net");
    }

    [Fact]
    public void CloudEvents_blob_created_without_subject_uses_the_path_style_url()
    {
        string json = """{"specversion":"1.0","id":"1","source":"/s","type":"Microsoft.Storage.BlobCreated","data":{"url":"http://127.0.0.1:10000/devstoreaccount1/insights-activity-logs/PT1H.json"}}""";

        DiagnosticLogEvent.IsDiagnosticLogBlob(JsonDocument.Parse(json).RootElement, out var url).Should().BeTrue();
        url!.Port.Should().Be(10000);
    }

    [Fact]
    public void Other_event_types_are_not_log_blobs()
    {
        string json = """{"id":"1","topic":"/t","subject":"/blobServices/default/containers/insights-activity-logs/blobs/a","eventType":"Microsoft.Storage.BlobDeleted","eventTime":"2026-01-01T00:00:00Z","data":{}}""";

        DiagnosticLogEvent.IsDiagnosticLogBlob(JsonDocument.Parse(json).RootElement, out _).Should().BeFalse();
    }
}
